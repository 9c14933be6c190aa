package dev.ecrpublic.authorizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ecrpublic.authorizer.handshake.TokenRequest;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.registry.RegistryException;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization headers and token-request forms as attackers send them: the token endpoint parses or fails with a
 * typed error, and the authorizer refuses (nothing here holds the key) without throwing.
 */
class HeaderFuzzTest {
    static final RequestAuthorizer AUTHORIZER = new RequestAuthorizer(
            StaticKeys.of(SigningKeyJwk.generate(new SecureRandom())), "ecr-public",
            new ServiceName(Optional.empty()), Clock.systemUTC(), line -> { });
    static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc/v2/GET/hello/manifests/latest";

    @FuzzTest(maxDuration = "10s")
    void headersAndFormsNeverCrash(@NotNull String authorization, @NotNull String form) {
        try {
            TokenRequest.parse(new GatewayRequest("GET", "/token", Headers.of("Authorization", authorization), Map.of(),
                    "r", Map.of(), null, false));
        } catch (RegistryException expected) {
            // UNAUTHORIZED for a bad Basic header: typed
        }
        try {
            TokenRequest.parse(new GatewayRequest("POST", "/token", Headers.of("Content-Type",
                    "application/x-www-form-urlencoded"), Map.of(), "r", Map.of(), form, false));
        } catch (RegistryException expected) {
            // REQUEST_INVALID or SCOPE_INVALID: typed
        }
        RequestAuthorizer.Decision decision = AUTHORIZER.authorize(new AuthorizerRequest(ARN,
                Headers.of("Host", "reg.example", "Authorization", authorization), "r"));
        if (!(decision instanceof RequestAuthorizer.Decision.Unauthorized))
            throw new AssertionError("authorized a header nobody could have signed");
    }
}
