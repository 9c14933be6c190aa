package dev.ecrpublic.authorizer;

import dev.ecrpublic.authorizer.authn.AuthnSettings;
import dev.ecrpublic.authorizer.authn.CredentialChain;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.authorizer.handshake.JwksEndpoint;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.authorizer.handshake.TokenEndpoint;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SecretsManagerKeys;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import dev.ecrpublic.token.TokenIssuer;
import dev.ecrpublic.token.TokenVerifier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The token function's composition root: {@code /v2/token} and {@code /v2/token/keys}. As a CRaC resource it primes
 * its request path before a SnapStart snapshot, and after a restore forgets cached keys and documents and reseeds the
 * random source token ids come from.
 */
public final class TokenApp implements Resource {
    private final KeySource keys;
    private final AccessSource access;
    private final SecureRandom random;
    private final RepositoryTagSource tags;
    private final Runnable sdkPriming;
    private final TokenEndpoint tokens;
    private final JwksEndpoint jwks;

    public TokenApp(KeySource keys, AccessSource access, String issuer, ServiceName service, Clock clock,
                    Consumer<String> log) {
        this(keys, access, RepositoryTagSource.NONE, issuer, service, clock, log);
    }

    /** {@code tags} is read when the policy turns tag access on. */
    public TokenApp(KeySource keys, AccessSource access, RepositoryTagSource tags, String issuer, ServiceName service,
                    Clock clock, Consumer<String> log) {
        this(keys, access, tags, issuer, service, clock, log, new SecureRandom(), () -> { });
    }

    TokenApp(KeySource keys, AccessSource access, RepositoryTagSource tags, String issuer, ServiceName service,
             Clock clock, Consumer<String> log, SecureRandom random, Runnable sdkPriming) {
        this.keys = keys;
        this.access = access;
        this.tags = tags;
        this.random = random;
        this.sdkPriming = sdkPriming;
        CredentialChain chain = CredentialChain.load(new AuthnSettings(access::current, clock, log));
        this.tokens = new TokenEndpoint(access, chain, new TokenIssuer(keys, clock, issuer, random),
                new TokenVerifier(keys, clock, issuer), tags, service, clock, log);
        this.jwks = new JwksEndpoint(keys);
    }

    /** As Lambda runs it, configured by {@link FunctionEnvironment}, and registered for SnapStart. */
    public static TokenApp fromEnvironment(Map<String, String> env, Clock clock, Duration accessTtl,
                                           Consumer<String> log) {
        FunctionEnvironment settings = FunctionEnvironment.of(env);
        SecretsManagerClient secrets = settings.secretsManager();
        TokenApp app = fromParts(settings, secrets, new SecretsManagerKeys(secrets, settings.signingKeysSecretId(),
                clock, SecretsManagerKeys.DEFAULT_TTL, log), clock, accessTtl, log,
                () -> FunctionEnvironment.primeSecretsManager(secrets));
        Core.getGlobalContext().register(app);
        return app;
    }

    /** As Lambda runs it, on a client and keys it may share with the authorizer; not registered for SnapStart. */
    static TokenApp fromParts(FunctionEnvironment settings, SecretsManagerClient secrets, KeySource keys, Clock clock,
                              Duration accessTtl, Consumer<String> log, Runnable sdkPriming) {
        return new TokenApp(keys, access(secrets, settings.accessSecretId(), clock, accessTtl, log),
                settings.repositoryTags(clock, log), settings.issuer(), settings.service(), clock, log,
                new SecureRandom(), sdkPriming);
    }

    /** The access document in {@code secretId}, or anonymous mode (announced in the log) without one. */
    public static AccessSource access(SecretsManagerClient secrets, Optional<String> secretId, Clock clock, Duration ttl,
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

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        sdkPriming.run();
        tags.prime();
        OfflineRequests.primeTokenEndpoint();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        keys.invalidate();
        access.invalidate();
        tags.invalidate();
        random.setSeed(OfflineRequests.freshSeed());
    }
}
