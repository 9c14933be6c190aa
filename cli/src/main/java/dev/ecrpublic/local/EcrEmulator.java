package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Private ECR on loopback, speaking the service's AWS JSON 1.1 protocol so that the unmodified AWS SDK talks to it
 * through {@code endpointOverride} (see {@link AwsJsonProtocol}). It serves what a pull needs from an
 * {@link ImageStore}, plus the layer download URLs that stand in for S3.
 */
public final class EcrEmulator implements AutoCloseable {
    public static final String ACCOUNT_ID = "123456789012";

    private static final System.Logger LOG = System.getLogger(EcrEmulator.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final ObjectMapper mapper = AwsJsonProtocol.mapper();
    private final AwsJsonProtocol protocol =
            new AwsJsonProtocol(mapper, EcrOperation.TARGET_PREFIX, EcrError.Type.SERVER.wireName, LOG);
    private final EcrOperations operations;
    private final OperationLedger<EcrOperation, EcrFault> ledger =
            new OperationLedger<>(EcrOperation.class, o -> o.wireName);

    private EcrEmulator(HttpServer server, ExecutorService executor, ImageStore store, String region) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        LayerLinks links = new LayerLinks(endpoint, Clock.systemUTC());
        this.operations = new EcrOperations(store, mapper, links, region);
        server.createContext("/", exchange -> protocol.handle(exchange, this::invoke));
        server.createContext(LayerLinks.PATH, new LayerDownloads(links));
    }

    /** region only shapes the ARNs and URIs that DescribeRepositories reports; clients may sign for any region. */
    public static EcrEmulator start(ImageStore store, String region) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(region, "region");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        EcrEmulator emulator = new EcrEmulator(server, executor, store, region);
        server.start();
        return emulator;
    }

    /** The endpoint to give the SDK, e.g. http://127.0.0.1:PORT. */
    public URI endpoint() {
        return endpoint;
    }

    /** Calls received per operation name (e.g. "BatchGetImage"), failed ones included. */
    public Map<String, Long> callCounts() {
        return ledger.counts();
    }

    public long calls(String operation) {
        return callCounts().getOrDefault(operation, 0L);
    }

    public void resetCallCounts() {
        ledger.resetCounts();
    }

    /** From now on, every call of {@code operation} (e.g. "BatchGetImage") fails with {@code fault}. */
    public void inject(String operation, EcrFault fault) {
        ledger.inject(EcrOperation.fromWireName(operation), fault);
    }

    public void clearFaults() {
        ledger.clearFaults();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    /** Unknown operations are rejected before they are counted, as they are not the emulator's to count. */
    private ObjectNode invoke(String name, byte[] body) {
        EcrOperation operation = EcrOperation.named(name).orElseThrow(AwsJsonError::unknownOperation);
        ledger.record(operation).ifPresent(fault -> {
            throw new EcrError(fault.type, fault.message);
        });
        return operations.invoke(operation, AwsJsonRequest.parse(body, mapper));
    }
}
