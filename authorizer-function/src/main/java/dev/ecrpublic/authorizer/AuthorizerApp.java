package dev.ecrpublic.authorizer;

import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SecretsManagerKeys;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The authorizer function's composition root: only keys and a verifier, no access policy (the token carries it). As a
 * CRaC resource it primes verification before a SnapStart snapshot and forgets cached keys after a restore.
 */
public final class AuthorizerApp implements Resource {
    private final KeySource keys;
    private final Runnable sdkPriming;
    private final RequestAuthorizer authorizer;

    public AuthorizerApp(KeySource keys, String issuer, ServiceName service, Clock clock, Consumer<String> log) {
        this(keys, issuer, service, clock, log, () -> { });
    }

    AuthorizerApp(KeySource keys, String issuer, ServiceName service, Clock clock, Consumer<String> log,
                  Runnable sdkPriming) {
        this.keys = keys;
        this.sdkPriming = sdkPriming;
        this.authorizer = new RequestAuthorizer(keys, issuer, service, clock, log);
    }

    /** As Lambda runs it, configured by {@link FunctionEnvironment}, and registered for SnapStart. */
    public static AuthorizerApp fromEnvironment(Map<String, String> env, Clock clock, Consumer<String> log) {
        FunctionEnvironment settings = FunctionEnvironment.of(env);
        SecretsManagerClient secrets = settings.secretsManager();
        KeySource keys = new SecretsManagerKeys(secrets, settings.signingKeysSecretId(), clock,
                SecretsManagerKeys.DEFAULT_TTL, log);
        AuthorizerApp app = new AuthorizerApp(keys, settings.issuer(), settings.service(), clock, log,
                () -> FunctionEnvironment.primeSecretsManager(secrets));
        Core.getGlobalContext().register(app);
        return app;
    }

    public RequestAuthorizer.Decision authorize(AuthorizerRequest request) {
        return authorizer.authorize(request);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        sdkPriming.run();
        OfflineRequests.primeAuthorizer();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        keys.invalidate();
        authorizer.forgetVerified();
    }
}
