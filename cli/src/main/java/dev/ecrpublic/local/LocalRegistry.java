package dev.ecrpublic.local;

import dev.ecrpublic.authorizer.FunctionEnvironment;
import dev.ecrpublic.authorizer.gallery.GalleryApp;
import dev.ecrpublic.authorizer.gallery.GalleryHandler;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.authorizer.tags.EcrRepositoryTags;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.EmulatedRegistries;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.OciLayouts;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.local.gateway.LocalGateway;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.proxy.ProxyApp;
import dev.ecrpublic.proxy.ProxyHandler;
import dev.ecrpublic.proxy.ecr.EcrApi;
import dev.ecrpublic.proxy.ecr.EcrCalls;
import dev.ecrpublic.proxy.ecr.EcrJsonApi;
import dev.ecrpublic.proxy.registry.AuthMode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
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
import java.util.function.Consumer;
import java.util.function.Function;
import java.time.Clock;
import java.time.Duration;

/**
 * The whole registry on one machine: the local gateway in front of the real proxy handler, whose ECR calls go
 * either to the embedded ECR emulator (seeded with the sample image, any OCI layouts, and any further registries and
 * repository tags) or to AWS.
 */
public final class LocalRegistry implements AutoCloseable {
    public enum Backend { LOCAL, AWS }

    /**
     * port 0 picks a free port; imagesDir (imported into the default registry) may be null; {@code auth} empty serves
     * without authorizer or token endpoint (the template's {@code AuthMode=none}); {@code ecr} is what the emulated
     * ECR holds beyond the default registry's content (null: {@link EmulatedRegistries#NONE}), LOCAL backend only.
     */
    public record Options(String host, int port, Path imagesDir, Backend backend, Optional<Auth> auth,
                          EmulatedRegistries ecr) {
        public Options {
            if (ecr == null) ecr = EmulatedRegistries.NONE;
            if (backend == Backend.AWS && !ecr.isEmpty())
                throw new IllegalArgumentException("emulated registries only go with the LOCAL backend");
        }

        public Options(String host, int port, Path imagesDir, Backend backend, Optional<Auth> auth) {
            this(host, port, imagesDir, backend, auth, EmulatedRegistries.NONE);
        }

        /** The emulated backend on a free loopback port without auth, as pull tests want it. */
        public static Options loopback(Path imagesDir) {
            return new Options("127.0.0.1", 0, imagesDir, Backend.LOCAL, Optional.empty());
        }

        /** The emulated backend on a free loopback port with token auth. */
        public static Options loopback(Path imagesDir, Auth auth) {
            return new Options("127.0.0.1", 0, imagesDir, Backend.LOCAL, Optional.of(auth));
        }

        /** These options with the emulated ECR also holding {@code ecr}, e.g. {@code loopback(null).withEcr(...)}. */
        public Options withEcr(EmulatedRegistries ecr) {
            return new Options(host, port, imagesDir, backend, auth, ecr);
        }
    }

    /**
     * Token auth: the state folder holding the emulated Secrets Manager (null: a temporary one), the access policy to
     * put in force (empty: none, the anonymous fallback), the cache lifetimes that bound how soon a revocation or
     * rotation is seen, and the clock the token and authorizer functions read (tests move it to expire tokens).
     */
    public record Auth(Path stateDir, Optional<AccessPolicy> policy, Duration authorizerCacheTtl, Duration accessTtl,
                       Duration keysTtl, Clock clock) {
        public Auth(Path stateDir, Optional<AccessPolicy> policy, Duration authorizerCacheTtl, Duration accessTtl,
                    Duration keysTtl) {
            this(stateDir, policy, authorizerCacheTtl, accessTtl, keysTtl, Clock.systemUTC());
        }

        /**
         * As {@code serve} runs: the gateway caches authorizer answers as long as the template does, but the state
         * folder is re-read every few seconds, so that credentials issued or keys rotated by another process on the
         * same folder work at once rather than after Lambda's longer cache lifetimes.
         */
        public static Auth defaults(Path stateDir, Optional<AccessPolicy> policy) {
            return new Auth(stateDir, policy, Duration.ofSeconds(300), Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
    }

    /** The emulated ECR's default registry lives in this region. */
    private static final Region LOCAL_REGION = Region.of(EcrEmulator.DEFAULT_REGION);

    private final LocalGateway gateway;
    private final ImageStore images;
    private final EcrEmulator emulator;
    private final LocalSecrets secrets;
    private final List<AutoCloseable> resources;

    private LocalRegistry(LocalGateway gateway, ImageStore images, EcrEmulator emulator, LocalSecrets secrets,
                          List<AutoCloseable> resources) {
        this.gateway = gateway;
        this.images = images;
        this.emulator = emulator;
        this.secrets = secrets;
        this.resources = resources;
    }

    public static LocalRegistry start(Options options) throws IOException {
        // The functions' log lines go to stdout as in Lambda, and through the metrics /metrics shows.
        PullMetrics metrics = new PullMetrics();
        Consumer<String> log = metrics.andThen(LogLine.STDOUT);
        List<AutoCloseable> resources = new ArrayList<>();
        ImageStore images = null;
        EcrEmulator emulator = null;
        EcrApi ecr;
        EcrCalls calls = new EcrCalls();
        Function<Region, EcrClient> tagClients;
        Region ownRegion;
        Optional<String> ownRegistryId;
        try {
            if (options.backend() == Backend.AWS) {
                ownRegion = new DefaultAwsRegionProviderChain().getRegion();
                AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
                ecr = EcrJsonApi.create(ownRegion.id(), credentials, Optional.empty(), calls);
                tagClients = region -> FunctionEnvironment.ecr(region, credentials, Optional.empty());
                // As the deployed token function has it: the account whose repositories' tags are read.
                ownRegistryId = Optional.ofNullable(System.getenv("ECR_REGISTRY_ID"));
            } else {
                images = new ImageStore();
                SampleImages.seed(images);
                SampleImages.seedReferrer(images, SampleImages.REPOSITORY);
                if (options.imagesDir() != null) OciLayouts.importAll(options.imagesDir(), images);
                emulator = EcrEmulator.start(images, EcrEmulator.DEFAULT_REGION);
                resources.add(emulator);
                options.ecr().applyTo(emulator);
                AwsCredentialsProvider credentials =
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
                URI endpoint = emulator.endpoint();
                ownRegion = LOCAL_REGION;
                ecr = EcrJsonApi.create(LOCAL_REGION.id(), credentials, Optional.of(endpoint), calls);
                tagClients = region -> FunctionEnvironment.ecr(region, credentials, Optional.of(endpoint));
                ownRegistryId = Optional.of(EcrEmulator.ACCOUNT_ID);
            }
            resources.add(ecr);
            LocalSecrets secrets = null;
            Optional<LocalGateway.TokenAuth> tokenAuth = Optional.empty();
            GalleryApp gallery;
            if (options.auth().isPresent()) {
                Auth auth = options.auth().get();
                secrets = LocalSecrets.open(auth.stateDir());
                resources.add(secrets);
                secrets.prepare(auth.policy());
                EcrRepositoryTags tags = new EcrRepositoryTags(tagClients, ownRegion, ownRegistryId, auth.clock(),
                        LogLine.STDOUT);
                resources.add(tags);
                tokenAuth = Optional.of(secrets.functions(auth, tags, log));
                // The gallery is its own function in the template: its own policy cache and tag reads.
                EcrRepositoryTags galleryTags = new EcrRepositoryTags(tagClients, ownRegion, ownRegistryId,
                        auth.clock(), LogLine.STDOUT);
                resources.add(galleryTags);
                gallery = new GalleryApp(false, secrets.accessSource(auth), tagClients, ownRegion, galleryTags,
                        auth.clock(), log);
            } else {
                gallery = new GalleryApp(true, AccessSource.unconfigured(), tagClients, ownRegion,
                        RepositoryTagSource.NONE, Clock.systemUTC(), log);
            }
            resources.add(gallery);
            AuthMode mode = tokenAuth.isPresent() ? AuthMode.TOKEN : AuthMode.NONE;
            ProxyHandler proxy = new ProxyHandler(new ProxyApp(ecr, calls, mode, log));
            LocalGateway gateway = new LocalGateway(new InetSocketAddress(options.host(), options.port()),
                    new LocalGateway.Functions(proxy, new GalleryHandler(gallery), tokenAuth),
                    Optional.of(metrics::prometheus));
            resources.addFirst(gateway);
            return new LocalRegistry(gateway, images, emulator, secrets, resources);
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

    /** The emulated Secrets Manager and its two secrets (token auth only). */
    public LocalSecrets secrets() {
        if (secrets == null) throw new IllegalStateException("this registry runs without token auth");
        return secrets;
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
