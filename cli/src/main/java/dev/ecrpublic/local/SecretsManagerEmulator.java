package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Secrets Manager on loopback, speaking the service's AWS JSON 1.1 protocol (see {@link AwsJsonProtocol}) so that
 * the unmodified SDK client talks to it through {@code endpointOverride}. It keeps secrets in a state folder that
 * several processes may share (see {@link SecretStore}), and speaks the operations that signing-key rotation and
 * issued credentials use, with the service's staging-label rules (see {@link StoredSecret}).
 */
public final class SecretsManagerEmulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SecretsManagerEmulator.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Optional<Path> ownedDir;
    private final ObjectMapper mapper = AwsJsonProtocol.mapper();
    private final AwsJsonProtocol protocol =
            new AwsJsonProtocol(mapper, SecretsOperation.TARGET_PREFIX, SecretsError.Type.INTERNAL.wireName, LOG);
    private final SecretsOperations operations;
    private final OperationLedger<SecretsOperation, SecretsFault> ledger =
            new OperationLedger<>(SecretsOperation.class, o -> o.wireName);

    private SecretsManagerEmulator(HttpServer server, ExecutorService executor, SecretStore store, String region,
                                   Optional<Path> ownedDir) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.ownedDir = ownedDir;
        this.operations = new SecretsOperations(store, mapper, region, Clock.systemUTC());
        server.createContext("/", exchange -> protocol.handle(exchange, this::invoke));
    }

    /**
     * Keeps secrets under {@code <stateDir>/secretsmanager/}, or, with a null stateDir, in a temporary folder deleted
     * on {@link #close()}. region shapes the ARNs; clients may sign for any region.
     */
    public static SecretsManagerEmulator start(Path stateDir, String region) throws IOException {
        Objects.requireNonNull(region, "region");
        Optional<Path> ownedDir = stateDir == null
                ? Optional.of(Files.createTempDirectory("ecr-public-secrets"))
                : Optional.empty();
        Path root = stateDir == null ? ownedDir.get() : stateDir;
        SecretStore store = new SecretStore(root.resolve("secretsmanager"), new SecretCodec(AwsJsonProtocol.mapper()));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        SecretsManagerEmulator emulator = new SecretsManagerEmulator(server, executor, store, region, ownedDir);
        server.start();
        return emulator;
    }

    /** The endpoint to give the SDK, e.g. http://127.0.0.1:PORT. */
    public URI endpoint() {
        return endpoint;
    }

    /** Calls received per operation name (e.g. "GetSecretValue"), failed ones included. */
    public Map<String, Long> callCounts() {
        return ledger.counts();
    }

    public long calls(String operation) {
        return callCounts().getOrDefault(operation, 0L);
    }

    public void resetCallCounts() {
        ledger.resetCounts();
    }

    /** From now on, every call of {@code operation} (e.g. "GetSecretValue") fails with {@code fault}. */
    public void inject(String operation, SecretsFault fault) {
        ledger.inject(SecretsOperation.fromWireName(operation), fault);
    }

    public void clearFaults() {
        ledger.clearFaults();
    }

    /** The rotation function {@code RotateSecret} runs, in this process, for every secret of this emulator. */
    public void rotateWith(RotationFunction function) {
        operations.rotateWith(Objects.requireNonNull(function, "function"));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        ownedDir.ifPresent(SecretsManagerEmulator::deleteTree);
    }

    private ObjectNode invoke(String name, byte[] body) {
        SecretsOperation operation = SecretsOperation.named(name).orElseThrow(AwsJsonError::unknownOperation);
        ledger.record(operation).ifPresent(fault -> {
            throw new SecretsError(fault.type, fault.message);
        });
        return operations.invoke(operation, AwsJsonRequest.parse(body, mapper));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
