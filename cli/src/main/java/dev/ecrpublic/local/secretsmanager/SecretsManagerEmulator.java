package dev.ecrpublic.local.secretsmanager;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonProtocol;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import dev.ecrpublic.local.awsjson.AwsServiceEmulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Secrets Manager on loopback, speaking the service's AWS JSON 1.1 protocol (see {@link AwsJsonProtocol}) so that
 * the unmodified SDK client talks to it through {@code endpointOverride}. It keeps secrets in a state folder that
 * several processes may share (see {@link SecretStore}), and speaks the operations that signing-key rotation and
 * issued credentials use, with the service's staging-label rules (see {@link StoredSecret}).
 */
public final class SecretsManagerEmulator extends AwsServiceEmulator<SecretsOperation, SecretsFault> {
    private final Optional<Path> ownedDir;
    private final SecretsOperations operations;

    private SecretsManagerEmulator(SecretStore store, String region, Optional<Path> ownedDir) throws IOException {
        super(SecretsOperation.class, o -> o.wireName, SecretsOperation::named, SecretsOperation.TARGET_PREFIX,
                SecretsError.Type.INTERNAL.wireName);
        this.ownedDir = ownedDir;
        this.operations = new SecretsOperations(store, mapper, region, Clock.systemUTC());
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
        SecretsManagerEmulator emulator = new SecretsManagerEmulator(store, region, ownedDir);
        emulator.start();
        return emulator;
    }

    /** The rotation function {@code RotateSecret} runs, in this process, for every secret of this emulator. */
    public void rotateWith(RotationFunction function) {
        operations.rotateWith(Objects.requireNonNull(function, "function"));
    }

    @Override
    public void close() {
        super.close();
        ownedDir.ifPresent(SecretsManagerEmulator::deleteTree);
    }

    @Override
    protected ObjectNode invoke(SecretsOperation operation, AwsJsonRequest request) {
        return operations.invoke(operation, request);
    }


    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
