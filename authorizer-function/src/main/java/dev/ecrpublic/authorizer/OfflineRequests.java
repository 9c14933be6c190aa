package dev.ecrpublic.authorizer;

import com.nimbusds.jose.jwk.ECKey;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.registry.OciProxyIntegration;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.token.TokenIssuer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The requests the token and authorizer functions run before a SnapStart snapshot: their real code paths, on a
 * throwaway key and a made-up policy and credential that are discarded at once, with nothing logged and no network.
 * Nothing built here is kept by the functions: their own keys, ids and timestamps all come after the restore.
 */
final class OfflineRequests {
    private static final String SERVICE = "priming.invalid";
    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:priming/v2/GET/priming/manifests/latest";

    private OfflineRequests() {}

    /** A docker login (Basic, offline token) and a JWKS request through the whole token endpoint. */
    static void primeTokenEndpoint() {
        ECKey key = SigningKeyJwk.generate(new SecureRandom());
        IssuedSecret credential = IssuedSecret.generate("priming", List.of(RepositoryGlob.parse("priming/*")),
                Optional.empty(), Clock.systemUTC(), new SecureRandom());
        AccessDocument document = new AccessDocument(Optional.of(AccessPolicy.parse("{\"anonymous\": [\"public/*\"]}")),
                List.of(credential.credential()));
        AccessSource access = () -> document;
        TokenApp app = new TokenApp(StaticKeys.of(key), access, FunctionEnvironment.DEFAULT_ISSUER,
                new ServiceName(Optional.of(SERVICE)), Clock.systemUTC(), line -> { });
        String basic = Base64.getEncoder().encodeToString(("priming:" + credential.secret()).getBytes(StandardCharsets.UTF_8));
        handle(app, """
                {"resource":"/token","path":"/token","httpMethod":"GET",
                 "multiValueHeaders":{"Authorization":["Basic %s"],"Host":["%s"]},
                 "multiValueQueryStringParameters":{"service":["%s"],"offline_token":["true"],"client_id":["docker"],
                 "scope":["repository:priming/app:pull repository:public/app:pull"]},
                 "requestContext":{"requestId":"priming"}}""".formatted(basic, SERVICE, SERVICE));
        handle(app, """
                {"resource":"/token/keys","path":"/token/keys","httpMethod":"GET","requestContext":{"requestId":"priming"}}""");
    }

    /** A valid token through the authorizer, down to the policy document it writes. */
    static void primeAuthorizer() {
        ECKey key = SigningKeyJwk.generate(new SecureRandom());
        StaticKeys keys = StaticKeys.of(key);
        String token = new TokenIssuer(keys, Clock.systemUTC(), FunctionEnvironment.DEFAULT_ISSUER)
                .issue("priming", SERVICE, new GrantedAccess(List.of(new Access("repository", "priming/app",
                        List.of("pull"))), List.of()), Duration.ofMinutes(1)).token();
        AuthorizerApp app = new AuthorizerApp(keys, FunctionEnvironment.DEFAULT_ISSUER,
                new ServiceName(Optional.of(SERVICE)), Clock.systemUTC(), line -> { });
        try {
            new AuthorizerHandler(app).handleRequest(new ByteArrayInputStream("""
                    {"type":"REQUEST","methodArn":"%s","headers":{"Authorization":"Bearer %s","Host":"%s"},
                     "requestContext":{"requestId":"priming"}}""".formatted(ARN, token, SERVICE)
                    .getBytes(StandardCharsets.UTF_8)), OutputStream.nullOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fresh entropy for a random source that was in the snapshot. */
    static byte[] freshSeed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    private static void handle(TokenApp app, String event) {
        try {
            OciProxyIntegration.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    OutputStream.nullOutputStream(), "priming", app::serve);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
