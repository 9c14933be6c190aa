package dev.ecrpublic.local.awsjson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What both AWS emulators share: an HTTP server on a free loopback port speaking the AWS JSON 1.1 protocol, and, per
 * operation, a call count and an injectable fault, which is what tests read and switch on. Unknown operations are
 * refused before they are counted.
 */
public abstract class AwsServiceEmulator<O extends Enum<O>, F extends Enum<F> & InjectedFault> implements AutoCloseable {
    /** The AWS account every emulated service belongs to (and ECR's default registry). */
    public static final String ACCOUNT_ID = "123456789012";

    /** Longer than the 5 s the functions' clients wait between bytes. */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(6);

    protected final ObjectMapper mapper = AwsJsonProtocol.mapper();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Function<O, String> wireName;
    private final Function<String, Optional<O>> byWireName;
    private final Map<O, LongAdder> calls;
    private final Map<O, F> faults = new ConcurrentHashMap<>();

    protected AwsServiceEmulator(Class<O> operations, Function<O, String> wireName,
                                 Function<String, Optional<O>> byWireName, String targetPrefix,
                                 String internalErrorType) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.wireName = wireName;
        this.byWireName = byWireName;
        this.calls = new EnumMap<>(operations);
        for (O operation : operations.getEnumConstants()) calls.put(operation, new LongAdder());
        AwsJsonProtocol protocol = new AwsJsonProtocol(mapper, targetPrefix, internalErrorType,
                System.getLogger(getClass().getName()));
        server.createContext("/", exchange -> protocol.handle(exchange, this::call));
    }

    /** Subclasses add their contexts in their constructor, then their factory starts the server. */
    protected final HttpServer server() {
        return server;
    }

    protected final void start() {
        server.start();
    }

    /** Runs one operation whose fault, if any, has already been answered. */
    protected abstract ObjectNode invoke(O operation, AwsJsonRequest request);

    /**
     * As {@link #invoke(Enum, AwsJsonRequest)}, knowing the region the client signed for (empty if the signature
     * names none); services that answer the same in every region need not override it.
     */
    protected ObjectNode invoke(O operation, AwsJsonRequest request, Optional<String> signingRegion) {
        return invoke(operation, request);
    }


    /** The endpoint to give the SDK, e.g. http://127.0.0.1:PORT. */
    public URI endpoint() {
        return endpoint;
    }

    /** Calls received per operation name (e.g. "BatchGetImage"), failed ones included. */
    public Map<String, Long> callCounts() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((operation, count) -> counts.put(wireName.apply(operation), count.sum()));
        return counts;
    }

    public long calls(String operation) {
        return callCounts().getOrDefault(operation, 0L);
    }

    public void resetCallCounts() {
        calls.values().forEach(LongAdder::reset);
    }

    /** From now on, every call of {@code operation} (its wire name, e.g. "GetSecretValue") fails with {@code fault}. */
    public void inject(String operation, F fault) {
        O known = byWireName.apply(operation)
                .orElseThrow(() -> new IllegalArgumentException("the emulator has no operation " + operation));
        faults.put(known, Objects.requireNonNull(fault, "fault"));
    }

    public void clearFaults() {
        faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode call(String name, byte[] body, Optional<String> signingRegion) {
        O operation = byWireName.apply(name).orElseThrow(AwsJsonError::unknownOperation);
        calls.get(operation).increment();
        F fault = faults.get(operation);
        if (fault != null) {
            WireFailure.Kind wire = fault.wire().orElseThrow(fault::error);
            if (wire != WireFailure.Kind.SLOW) throw new WireFailure(wire);
            sleep(SLOW_ANSWER);
        }
        return invoke(operation, AwsJsonRequest.parse(body, mapper), signingRegion);
    }
}
