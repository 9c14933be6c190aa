package dev.ecrpublic.local;

import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.proxy.ProxyApp;
import dev.ecrpublic.proxy.ProxyHandler;
import dev.ecrpublic.proxy.ecr.EcrClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole registry on one machine: the local gateway in front of the real proxy handler, whose real SDK client talks
 * either to the embedded ECR emulator (seeded with the sample image and any OCI layouts) or to AWS.
 */
public final class LocalRegistry implements AutoCloseable {
    public enum Backend { LOCAL, AWS }

    /** port 0 picks a free port; imagesDir may be null. */
    public record Options(String host, int port, Path imagesDir, Backend backend) {
        /** The emulated backend on a free loopback port, as tests want it. */
        public static Options loopback(Path imagesDir) {
            return new Options("127.0.0.1", 0, imagesDir, Backend.LOCAL);
        }
    }

    /** The emulated ECR lives in this region; any works, the SDK only needs one to sign with. */
    static final Region LOCAL_REGION = Region.US_EAST_1;

    private final LocalGateway gateway;
    private final ImageStore images;
    private final EcrEmulator emulator;
    private final List<AutoCloseable> resources;

    private LocalRegistry(LocalGateway gateway, ImageStore images, EcrEmulator emulator, List<AutoCloseable> resources) {
        this.gateway = gateway;
        this.images = images;
        this.emulator = emulator;
        this.resources = resources;
    }

    public static LocalRegistry start(Options options) throws IOException {
        List<AutoCloseable> resources = new ArrayList<>();
        ImageStore images = null;
        EcrEmulator emulator = null;
        EcrClient ecr;
        try {
            if (options.backend() == Backend.AWS) {
                ecr = EcrClients.build(new DefaultAwsRegionProviderChain().getRegion(), DefaultCredentialsProvider.builder().build(), Optional.empty());
            } else {
                images = new ImageStore();
                SampleImages.seed(images);
                if (options.imagesDir() != null) OciLayouts.importAll(options.imagesDir(), images);
                emulator = EcrEmulator.start(images, LOCAL_REGION.id());
                resources.add(emulator);
                ecr = EcrClients.build(LOCAL_REGION,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                        Optional.of(emulator.endpoint()));
            }
            resources.add(ecr);
            ProxyHandler proxy = new ProxyHandler(new ProxyApp(ecr, LogLine.STDOUT));
            LocalGateway gateway = new LocalGateway(new InetSocketAddress(options.host(), options.port()), proxy);
            resources.addFirst(gateway);
            return new LocalRegistry(gateway, images, emulator, resources);
        } catch (IOException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** e.g. http://127.0.0.1:5000 (the registry root is url() + "/v2/"). */
    public URI url() {
        return gateway.url();
    }

    /** e.g. 127.0.0.1:5000, as clients write it in image references. */
    public String hostPort() {
        return url().getAuthority();
    }

    /** The emulated ECR content (LOCAL backend only). */
    public ImageStore images() {
        if (images == null) throw new IllegalStateException("the AWS backend has no local image store");
        return images;
    }

    /** The emulated ECR itself, for counting calls and injecting faults (LOCAL backend only). */
    public EcrEmulator ecr() {
        if (emulator == null) throw new IllegalStateException("the AWS backend has no emulator");
        return emulator;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception ignored) {
                // Closing is best effort: one stuck resource must not keep the others open.
            }
        }
    }
}
