package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.local.secretsmanager.SecretsFault;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token handshake through the local gateway over loopback: challenge, token endpoint (GET and POST dialects),
 * REQUEST authorizer with its cache, the proxy's own check, revocation and key rotation, all on the real handlers.
 */
class TokenAuthGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String POLICY = """
            {"anonymous": ["public/*", "hello"], "tokenTtlSeconds": 300}""";

    static LocalRegistry registry;
    static HttpClient http;
    static String host;

    @BeforeAll
    static void start() throws Exception {
        // Access document and keys re-read on every use, so revocation and rotation show at once; the gateway's
        // authorizer cache stays on, as the attack on a warm cache needs it.
        LocalRegistry.Auth auth = new LocalRegistry.Auth(null, Optional.of(AccessPolicy.parse(POLICY)),
                Duration.ofSeconds(300), Duration.ZERO, Duration.ZERO);
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, auth));
        for (String repo : List.of("public/app", "private/app", "team", "team/sub", "team/manifests/x", "other"))
            SampleImages.seed(registry.images(), repo);
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        host = registry.hostPort();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @AfterEach
    void clearFaults() {
        registry.secrets().emulator().clearFaults();
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static JsonNode token(String query, String... headers) throws Exception {
        HttpResponse<String> r = get("/v2/token?service=" + enc(host) + query, headers);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> manifest(String repository, String token) throws Exception {
        return get("/v2/" + repository + "/manifests/latest", "Accept", OCI_INDEX, "Authorization", "Bearer " + token);
    }

    static String issue(String name, String... patterns) {
        List<RepositoryGlob> globs = new ArrayList<>();
        for (String p : patterns) globs.add(RepositoryGlob.parse(p));
        IssuedSecret issued = IssuedSecret.generate(name, globs, Optional.empty(), Clock.systemUTC(), new SecureRandom());
        registry.secrets().access().update(d -> d.withCredential(issued.credential()));
        return issued.secret();
    }

    @Test
    void pingWithoutTokenIsChallenged() throws Exception {
        HttpResponse<String> r = get("/v2/");
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"http://" + host + "/v2/token\",service=\"" + host + "\"",
                r.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(r.body().contains("\"UNAUTHORIZED\""), r.body());
        assertEquals("registry/2.0", r.headers().firstValue("Docker-Distribution-API-Version").orElse(null));
    }

    @Test
    void anonymousTokenPullsPublicRepositories() throws Exception {
        JsonNode t = token("&scope=repository:public/app:pull");
        assertTrue(t.path("expires_in").asLong() >= 60);
        assertEquals(t.path("token").asText(), t.path("access_token").asText());
        assertNotNull(Instant.parse(t.path("issued_at").asText()));
        assertTrue(t.path("refresh_token").isMissingNode());
        assertEquals(200, manifest("public/app", t.path("token").asText()).statusCode());
        assertEquals(200, get("/v2/", "Authorization", "Bearer " + t.path("token").asText()).statusCode());
    }

    @Test
    void anonymousTokenForAPrivateRepositoryCarriesNothingAndIsDenied() throws Exception {
        String token = token("&scope=repository:private/app:pull").path("token").asText();
        HttpResponse<String> r = manifest("private/app", token);
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("\"DENIED\""), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm="));
    }

    @Test
    void loginWithOfflineTokenThenRefreshByPost() throws Exception {
        String secret = issue("ci-bot", "private/*");
        JsonNode login = token("&account=ci-bot&client_id=docker&offline_token=true", "Authorization", basic("ci-bot", secret));
        String refresh = login.path("refresh_token").asText();
        assertFalse(refresh.isEmpty(), login.toString());

        String form = "grant_type=refresh_token&refresh_token=" + enc(refresh) + "&service=" + enc(host)
                + "&scope=" + enc("repository:private/app:pull") + "&client_id=docker&access_type=offline";
        HttpResponse<String> r = send("POST", "/v2/token", form, "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, r.statusCode(), r.body());
        String token = JSON.readTree(r.body()).path("access_token").asText();
        assertEquals(200, manifest("private/app", token).statusCode());
        assertEquals(403, manifest("other", token).statusCode());
    }

    @Test
    void passwordGrantBySpaceSeparatedScopes() throws Exception {
        String secret = issue("puller", "team", "other");
        String form = "grant_type=password&username=puller&password=" + enc(secret) + "&service=" + enc(host)
                + "&scope=" + enc("repository:team:pull repository:other:pull,push") + "&client_id=containerd";
        HttpResponse<String> r = send("POST", "/v2/token", form, "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(200, r.statusCode(), r.body());
        String token = JSON.readTree(r.body()).path("access_token").asText();
        assertEquals(200, manifest("team", token).statusCode());
        assertEquals(200, manifest("other", token).statusCode());
    }

    @Test
    void wrongPasswordIsUnauthorizedNeverAnonymous() throws Exception {
        issue("alice", "private/*");
        HttpResponse<String> r = get("/v2/token?service=" + enc(host) + "&scope=repository:public/app:pull",
                "Authorization", basic("alice", "ecrp_wrong"));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"UNAUTHORIZED\""), r.body());
        assertFalse(r.body().contains("token\""), r.body());
        assertEquals(401, get("/v2/token?service=" + enc(host), "Authorization", basic("nobody", "x")).statusCode());
    }

    @Test
    void revokedCredentialAndItsRefreshTokenStopWorking() throws Exception {
        String secret = issue("leaver", "private/*");
        String refresh = token("&offline_token=true", "Authorization", basic("leaver", secret)).path("refresh_token").asText();
        registry.secrets().access().update(d -> d.withoutCredential("leaver"));
        assertEquals(401, get("/v2/token?service=" + enc(host), "Authorization", basic("leaver", secret)).statusCode());
        String form = "grant_type=refresh_token&refresh_token=" + enc(refresh) + "&service=" + enc(host);
        assertEquals(401, send("POST", "/v2/token", form, "Content-Type", "application/x-www-form-urlencoded").statusCode());
    }

    @Test
    void warmAuthorizerCacheDoesNotCarryATokenToAnotherRepository() throws Exception {
        String secret = issue("only-team", "team");
        String token = token("&scope=repository:team:pull&scope=repository:other:pull", "Authorization",
                basic("only-team", secret)).path("token").asText();
        assertEquals(200, manifest("team", token).statusCode());
        assertEquals(403, manifest("other", token).statusCode());
        // The policy's ARN team/* also covers these; the proxy's own check refuses them.
        assertEquals(403, manifest("team/sub", token).statusCode());
        assertEquals(403, manifest("team/manifests/x", token).statusCode());
    }

    @Test
    void catalogListsOnlyWhatTheCallerMayPull() throws Exception {
        String token = token("&scope=registry:catalog:*").path("token").asText();
        HttpResponse<String> r = get("/v2/_catalog", "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"repositories\":[\"hello\",\"public/app\"]}", r.body());
    }

    @Test
    void tokensSurviveOneRotationButNotTwo() throws Exception {
        String before = token("&scope=repository:hello:pull").path("token").asText();
        registry.secrets().rotateKeys();
        // Fresh header strings: the gateway's cache must not be what keeps them working.
        assertEquals(200, manifest("hello", before + "").statusCode());
        String afterOne = token("&scope=repository:hello:pull").path("token").asText();
        registry.secrets().rotateKeys();
        assertEquals(200, manifest("hello", afterOne).statusCode());
        HttpResponse<String> r = get("/v2/hello/manifests/latest", "Accept", OCI_INDEX,
                "Authorization", "bearer " + before);
        assertEquals(401, r.statusCode(), r.body());
    }

    @Test
    void jwksPublishesOnlyPublicKeys() throws Exception {
        HttpResponse<String> r = get("/v2/token/keys");
        assertEquals(200, r.statusCode());
        JsonNode keys = JSON.readTree(r.body()).path("keys");
        assertTrue(keys.size() >= 1);
        for (JsonNode k : keys) {
            assertFalse(k.has("d"), "private part published");
            assertEquals("EC", k.path("kty").asText());
        }
    }

    @Test
    void secretsManagerDownMeansTokenEndpoint503AndNoAnonymousFallback() throws Exception {
        registry.secrets().emulator().inject("GetSecretValue", SecretsFault.SERVER_ERROR);
        HttpResponse<String> r = get("/v2/token?service=" + enc(host) + "&scope=repository:public/app:pull");
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"UNAVAILABLE\""), r.body());
        registry.secrets().emulator().clearFaults();
        assertEquals(200, get("/v2/token?service=" + enc(host) + "&scope=repository:public/app:pull").statusCode());
    }

    @Test
    void pushIsStill405AndTokenMethodsAreDeclared() throws Exception {
        assertEquals(405, send("PUT", "/v2/hello/manifests/latest", "{}").statusCode());
        assertEquals(405, send("DELETE", "/v2/token", null).statusCode());
        assertEquals(400, send("POST", "/v2/token", "grant_type=magic", "Content-Type", "application/x-www-form-urlencoded").statusCode());
    }
}
