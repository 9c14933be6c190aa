package dev.ecrpublic.authorizer;

import dev.ecrpublic.authorizer.authn.AuthnSettings;
import dev.ecrpublic.authorizer.authn.CredentialChain;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.authorizer.handshake.JwksEndpoint;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.authorizer.handshake.TokenEndpoint;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SecretsManagerKeys;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import dev.ecrpublic.token.TokenIssuer;
import dev.ecrpublic.token.TokenVerifier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The token function's composition root: {@code /v2/token} and {@code /v2/token/keys}. */
public final class TokenApp {
    private final TokenEndpoint tokens;
    private final JwksEndpoint jwks;

    public TokenApp(KeySource keys, AccessSource access, String issuer, ServiceName service, Clock clock,
                    Consumer<String> log) {
        CredentialChain chain = CredentialChain.load(new AuthnSettings(access::current, clock, log));
        this.tokens = new TokenEndpoint(access, chain, new TokenIssuer(keys, clock, issuer),
                new TokenVerifier(keys, clock, issuer), service, clock, log);
        this.jwks = new JwksEndpoint(keys);
    }

    /** As Lambda runs it, configured by {@link FunctionEnvironment}. */
    public static TokenApp fromEnvironment(Map<String, String> env, Clock clock, Duration accessTtl,
                                           Consumer<String> log) {
        FunctionEnvironment settings = FunctionEnvironment.of(env);
        SecretsManagerClient secrets = settings.secretsManager();
        return new TokenApp(new SecretsManagerKeys(secrets, settings.signingKeysSecretId(), clock,
                SecretsManagerKeys.DEFAULT_TTL, log), access(secrets, settings.accessSecretId(), clock, accessTtl, log),
                settings.issuer(), settings.service(), clock, log);
    }

    static AccessSource access(SecretsManagerClient secrets, Optional<String> secretId, Clock clock, Duration ttl,
                               Consumer<String> log) {
        if (secretId.isEmpty()) {
            LogLine.warn("no access document configured (ACCESS_SECRET_ID unset): anonymous mode, "
                    + "anyone may pull every repository").writeTo(log);
            return AccessSource.unconfigured();
        }
        return new SecretsManagerAccess(secrets, secretId.get(), clock, ttl, log);
    }

    public GatewayResponse serve(GatewayRequest request) {
        return switch (request.path()) {
            case "/token", "/token/" -> tokens.serve(request);
            case "/token/keys" -> jwks.serve(request);
            default -> OciErrorResponse.of(OciError.ENDPOINT_UNKNOWN, OciError.ENDPOINT_UNKNOWN.message, Map.of());
        };
    }
}
