package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Private ECR on loopback, speaking the service's AWS JSON 1.1 protocol so that the unmodified AWS SDK talks to it
 * through {@code endpointOverride}. It serves what a pull needs from an {@link ImageStore}, plus the layer download
 * URLs that stand in for S3. Signatures are required but not verified: the point is to exercise the client, and the
 * SDK always signs.
 */
public final class EcrEmulator implements AutoCloseable {
    public static final String ACCOUNT_ID = "123456789012";

    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String SIGV4 = "AWS4-HMAC-SHA256 ";
    private static final System.Logger LOG = System.getLogger(EcrEmulator.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    /** A document with anything after its closing brace is as malformed to the service as one cut short. */
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final EcrOperations operations;
    private final Map<EcrOperation, LongAdder> calls = new EnumMap<>(EcrOperation.class);
    private final Map<EcrOperation, EcrFault> faults = new ConcurrentHashMap<>();

    private EcrEmulator(HttpServer server, ExecutorService executor, ImageStore store, String region) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        LayerLinks links = new LayerLinks(endpoint, Clock.systemUTC());
        this.operations = new EcrOperations(store, mapper, links, region);
        for (EcrOperation operation : EcrOperation.values()) calls.put(operation, new LongAdder());
        server.createContext("/", this::handleApi);
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
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((operation, count) -> counts.put(operation.wireName, count.sum()));
        return counts;
    }

    public long calls(String operation) {
        return callCounts().getOrDefault(operation, 0L);
    }

    public void resetCallCounts() {
        calls.values().forEach(LongAdder::reset);
    }

    /** From now on, every call of {@code operation} (e.g. "BatchGetImage") fails with {@code fault}. */
    public void inject(String operation, EcrFault fault) {
        faults.put(EcrOperation.fromWireName(operation), fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    /** The AWS JSON protocol's timestamp: epoch seconds as a number, fractional to the millisecond. */
    static BigDecimal timestamp(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli(), 3);
    }

    private void handleApi(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode response;
            int status = 200;
            try {
                response = dispatch(exchange, body);
            } catch (EcrError e) {
                status = e.type().status;
                response = error(e.type(), e.getMessage());
            } catch (RuntimeException e) {
                // Deliberately without the stack trace: the client gets a ServerException, the log one line.
                LOG.log(System.Logger.Level.WARNING, () -> "ECR emulator failed a request: " + e);
                status = EcrError.Type.SERVER.status;
                response = error(EcrError.Type.SERVER, "Internal server error");
            }
            byte[] out = mapper.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", JSON_1_1);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    /** Authentication comes first, so that an unsigned request learns nothing, not even which operations exist. */
    private ObjectNode dispatch(HttpExchange exchange, byte[] body) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith(SIGV4))
            throw new EcrError(EcrError.Type.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        Optional<EcrOperation> operation = exchange.getRequestMethod().equals("POST")
                ? EcrOperation.fromTarget(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                : Optional.empty();
        if (operation.isEmpty()) throw new EcrError(EcrError.Type.UNKNOWN_OPERATION, "Unknown operation");
        calls.get(operation.get()).increment();
        EcrFault fault = faults.get(operation.get());
        if (fault != null) throw new EcrError(fault.type, fault.message);
        return operations.invoke(operation.get(), EcrRequest.parse(body, mapper));
    }

    private ObjectNode error(EcrError.Type type, String message) {
        return mapper.createObjectNode().put("__type", type.wireName).put("message", message);
    }
}
