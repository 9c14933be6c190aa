package dev.ecrpublic.local;

import dev.ecrpublic.authorizer.AuthorizerApp;
import dev.ecrpublic.authorizer.AuthorizerHandler;
import dev.ecrpublic.authorizer.FunctionEnvironment;
import dev.ecrpublic.authorizer.ServiceName;
import dev.ecrpublic.authorizer.TokenAndAuthorizerHandler;
import dev.ecrpublic.authorizer.TokenApp;
import dev.ecrpublic.authorizer.TokenHandler;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.keys.KeyRotation;
import dev.ecrpublic.keys.RotationStep;
import dev.ecrpublic.keys.SecretsManagerKeys;
import dev.ecrpublic.local.gateway.LocalGateway;
import dev.ecrpublic.local.secretsmanager.SecretsManagerEmulator;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.AccessPolicy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Token auth's state on this machine: a Secrets Manager emulator persisted in a state folder, holding the signing-key
 * secret and the access secret under the names the template gives them. Several processes may open the same folder:
 * a running {@code serve} sees credentials issued and keys rotated by another.
 */
public final class LocalSecrets implements AutoCloseable {
    public static final String KEYS_SECRET_ID = "ecr-public/signing-keys";
    public static final String ACCESS_SECRET_ID = AccessSecret.DEFAULT_ID;
    static final Region REGION = Region.US_EAST_1;

    private final SecretsManagerEmulator emulator;
    private final SecretsManagerClient client;

    private LocalSecrets(SecretsManagerEmulator emulator, SecretsManagerClient client) {
        this.emulator = emulator;
        this.client = client;
        // RotateSecret runs the very steps the rotation function runs in Lambda.
        KeyRotation rotation = new KeyRotation(client, new SecureRandom());
        emulator.rotateWith((arn, token, step) -> rotation.run(RotationStep.fromWire(step), arn, token));
    }

    /** @param stateDir the state folder, or null for a temporary one deleted on close */
    public static LocalSecrets open(Path stateDir) throws IOException {
        SecretsManagerEmulator emulator = SecretsManagerEmulator.start(stateDir, REGION.id());
        // The functions' own client settings, pointed at the emulator.
        SecretsManagerClient client = FunctionEnvironment.secretsManager(REGION,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Optional.of(emulator.endpoint()));
        return new LocalSecrets(emulator, client);
    }

    /** A first signing key when there is none, and exactly {@code policy} in force (credentials are kept). */
    public void prepare(Optional<AccessPolicy> policy) {
        new KeyRotation(client, new SecureRandom()).initialize(KEYS_SECRET_ID);
        access().update(document -> document.withPolicy(policy));
    }

    /** The token function, which is the authorizer too, built as in Lambda but on this state's secrets. */
    LocalGateway.TokenAuth functions(LocalRegistry.Auth auth, RepositoryTagSource tags, Consumer<String> log) {
        Clock clock = auth.clock();
        SecretsManagerKeys keys = new SecretsManagerKeys(client, KEYS_SECRET_ID, clock, auth.keysTtl(), LogLine.STDOUT);
        SecretsManagerAccess access = accessSource(auth);
        // The service is whatever host the client addressed, as behind API Gateway without REGISTRY_SERVICE.
        ServiceName service = new ServiceName(Optional.empty());
        TokenApp token = new TokenApp(keys, access, tags, FunctionEnvironment.DEFAULT_ISSUER, service, clock, log);
        AuthorizerApp authorizer = new AuthorizerApp(keys, FunctionEnvironment.DEFAULT_ISSUER, service, clock, log);
        // One handler for the token routes and the authorizer step, as template.yaml deploys them.
        TokenAndAuthorizerHandler function = new TokenAndAuthorizerHandler(new TokenHandler(token),
                new AuthorizerHandler(authorizer));
        return new LocalGateway.TokenAuth(function, function, auth.authorizerCacheTtl());
    }

    /** The access document as a function reads it: cached for the lifetime {@code auth} gives, on its clock. */
    SecretsManagerAccess accessSource(LocalRegistry.Auth auth) {
        return new SecretsManagerAccess(client, ACCESS_SECRET_ID, auth.clock(), auth.accessTtl(), LogLine.STDOUT);
    }

    public AccessSecret access() {
        return new AccessSecret(client, ACCESS_SECRET_ID);
    }

    /** A full rotation of the signing key through {@code RotateSecret}, as on AWS; returns the new version id. */
    public String rotateKeys() {
        return client.rotateSecret(r -> r.secretId(KEYS_SECRET_ID)).versionId();
    }

    public SecretsManagerClient client() {
        return client;
    }

    public SecretsManagerEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        client.close();
        emulator.close();
    }
}
