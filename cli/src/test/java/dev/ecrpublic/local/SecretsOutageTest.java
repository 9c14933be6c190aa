package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.secretsmanager.SecretsFault;
import dev.ecrpublic.policy.AccessPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets Manager failing in each way it can, through the local gateway: keys already loaded keep verifying tokens,
 * no token is issued (503, never an anonymous one), and everything recovers without a restart. A registry of its
 * own: after an outage the keys are served from memory for a while, which other tests must not inherit.
 */
class SecretsOutageTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalRegistry registry;
    static String tokenUrl;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, new LocalRegistry.Auth(null,
                Optional.of(AccessPolicy.parse("{\"anonymous\": [\"hello\"]}")), Duration.ofSeconds(300),
                Duration.ZERO, Duration.ZERO)));
        tokenUrl = registry.url() + "/v2/token?service=" + URLEncoder.encode(registry.hostPort(), StandardCharsets.UTF_8)
                + "&scope=repository:hello:pull";
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(value = SecretsFault.class, names = {"SERVER_ERROR", "THROTTLING", "MALFORMED_BODY", "CONNECTION_RESET", "SLOW"})
    void cachedKeysStillVerifyNoTokenIsIssuedAndItAllRecovers(SecretsFault fault) throws Exception {
        String token = new ObjectMapper().readTree(get(tokenUrl).body()).path("token").asText();
        registry.secrets().emulator().inject("GetSecretValue", fault);
        registry.secrets().emulator().inject("DescribeSecret", fault);
        try {
            // The first use of this token: the authorizer verifies it with the keys it already holds.
            assertEquals(200, get(registry.url() + "/v2/hello/manifests/latest",
                    "Accept", "application/vnd.oci.image.index.v1+json", "Authorization", "Bearer " + token).statusCode());
            HttpResponse<String> refused = get(tokenUrl);
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"UNAVAILABLE\""), refused.body());
        } finally {
            registry.secrets().emulator().clearFaults();
        }
        assertEquals(200, get(tokenUrl).statusCode(), "recovers without a restart");
    }
}
