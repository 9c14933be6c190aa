package dev.ecrpublic.authorizer;

import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SecretsManagerKeys;
import dev.ecrpublic.token.TokenVerifier;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/** The authorizer function's composition root: only keys and a verifier, no access policy (the token carries it). */
public final class AuthorizerApp {
    private final RequestAuthorizer authorizer;

    public AuthorizerApp(KeySource keys, String issuer, ServiceName service, Clock clock, Consumer<String> log) {
        this.authorizer = new RequestAuthorizer(new TokenVerifier(keys, clock, issuer), service, log);
    }

    public static AuthorizerApp fromEnvironment(Map<String, String> env, Clock clock, Consumer<String> log) {
        FunctionEnvironment settings = FunctionEnvironment.of(env);
        KeySource keys = new SecretsManagerKeys(settings.secretsManager(), settings.signingKeysSecretId(), clock,
                SecretsManagerKeys.DEFAULT_TTL, log);
        return new AuthorizerApp(keys, settings.issuer(), settings.service(), clock, log);
    }

    public RequestAuthorizer.Decision authorize(AuthorizerRequest request) {
        return authorizer.authorize(request);
    }
}
