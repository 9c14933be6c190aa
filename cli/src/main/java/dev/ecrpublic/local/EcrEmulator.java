package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;



/**
 * Private ECR on loopback, speaking the service's AWS JSON 1.1 protocol so that the unmodified AWS SDK talks to it
 * through {@code endpointOverride} (see {@link AwsJsonProtocol}). It serves what a pull needs from an
 * {@link ImageStore}, plus the layer download URLs that stand in for S3.
 */
public final class EcrEmulator extends AwsServiceEmulator<EcrOperation, EcrFault> {
    public static final String ACCOUNT_ID = "123456789012";

    private final EcrOperations operations;

    private EcrEmulator(ImageStore store, String region) throws IOException {
        super(EcrOperation.class, o -> o.wireName, EcrOperation::named, EcrOperation.TARGET_PREFIX,
                EcrError.Type.SERVER.wireName);
        LayerLinks links = new LayerLinks(endpoint(), Clock.systemUTC());
        this.operations = new EcrOperations(store, mapper, links, region);
        server().createContext(LayerLinks.PATH, new LayerDownloads(links));
    }

    /** region only shapes the ARNs and URIs that DescribeRepositories reports; clients may sign for any region. */
    public static EcrEmulator start(ImageStore store, String region) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(region, "region");
        EcrEmulator emulator = new EcrEmulator(store, region);
        emulator.start();
        return emulator;
    }

    @Override
    protected ObjectNode invoke(EcrOperation operation, AwsJsonRequest request) {
        return operations.invoke(operation, request);
    }

    /** Longer than the proxy client's 5 s socket timeout. */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(6);

    @Override
    protected Duration delay(EcrFault fault) {
        return fault == EcrFault.SLOW ? SLOW_ANSWER : Duration.ZERO;
    }

    @Override
    protected RuntimeException failure(EcrFault fault) {
        return switch (fault) {
            case SLOW -> null;
            case MALFORMED_BODY -> new WireFailure(WireFailure.Kind.MALFORMED_BODY);
            case CONNECTION_RESET -> new WireFailure(WireFailure.Kind.CONNECTION_RESET);
            default -> new EcrError(fault.type, fault.message);
        };
    }
}
