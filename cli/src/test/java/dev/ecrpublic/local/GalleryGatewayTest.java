package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.local.secretsmanager.SecretsFault;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery through the local gateway over loopback, with token auth and a policy: anonymous patterns, a tag-granted
 * repository, another account's registry under a prefix, and private repositories that must never show; paging, the
 * JSON variant, escaping, headers, and failing closed when the policy cannot be read.
 */
class GalleryGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER_ACCOUNT = "210987654321";
    static final String OTHER_REGION = "eu-west-1";
    static final String POLICY = """
            {"anonymous": ["public/**", "hello", "prod/**", "zz/**"], "tagAccess": true,
             "registries": [{"prefix": "prod/", "registryId": "210987654321", "region": "eu-west-1",
                             "stripPrefix": true}]}""";
    static final String XSS = "<script>alert(1)</script>";

    static LocalRegistry registry;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        // The access document is re-read on every use, so a policy change or an outage shows at once.
        LocalRegistry.Auth auth = new LocalRegistry.Auth(null, Optional.of(AccessPolicy.parse(POLICY)),
                Duration.ofSeconds(300), Duration.ZERO, Duration.ZERO);
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, auth));
        ImageStore own = registry.images();
        for (String repo : List.of("public/app", "private/app", "tagged/app", "members/app"))
            SampleImages.seed(own, repo);
        own.tagRepository("tagged/app", Map.of("ecr-public:pull", "anonymous"));
        own.tagRepository("members/app", Map.of("ecr-public:pull", "authenticated"));
        for (int i = 0; i < 130; i++) own.createRepository("zz/many/r%03d".formatted(i));
        Digest digest = own.resolveTag("hello", "latest").orElseThrow();
        SampleImages.seed(own, "public/tags");
        for (int i = 0; i < 60; i++) own.tag("public/tags", "t%02d".formatted(i), digest);
        String index = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                 {"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": 2,
                  "digest": "sha256:%s", "platform": {"os": "%s", "architecture": "amd64"}}]}"""
                .formatted("0".repeat(64), XSS.replace("\"", "\\\""));
        own.createRepository("public/xss");
        own.tag("public/xss", "latest", own.putManifest("public/xss", index.getBytes(StandardCharsets.UTF_8),
                "application/vnd.oci.image.index.v1+json"));
        ImageStore other = registry.ecr().store(OTHER_ACCOUNT, OTHER_REGION);
        SampleImages.seed(other, "shared/app");
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @AfterEach
    void clearFaults() {
        registry.secrets().emulator().clearFaults();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The repository names a list page shows, in page order. */
    static List<String> listed(String html) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("<li data-name=\"([^\"]*)\">").matcher(html);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("repositories").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Test
    void listsWhatAnonymousCallersMayPullAndNothingElse() throws Exception {
        HttpResponse<String> page = get("/v2/_gallery");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        List<String> shown = listed(page.body());
        for (String expected : List.of("hello", "public/app", "tagged/app", "prod/shared/app", "public/xss"))
            assertTrue(shown.contains(expected), expected + " missing from " + shown);
        for (String hidden : List.of("private/app", "members/app"))
            assertFalse(page.body().contains(hidden), hidden + " must not show");
        assertFalse(shown.contains("shared/app"), "the other account's repository shows only under its prefix");
        assertTrue(page.body().contains("docker pull " + registry.hostPort() + "/hello"), "the pull command");
    }

    @Test
    void theJsonVariantHoldsTheSameNames() throws Exception {
        HttpResponse<String> html = get("/v2/_gallery");
        HttpResponse<String> byQuery = get("/v2/_gallery?format=json");
        HttpResponse<String> byAccept = get("/v2/_gallery", "Accept", "application/json");
        assertEquals("application/json", byQuery.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(byQuery.body(), byAccept.body());
        JsonNode list = JSON.readTree(byQuery.body());
        assertEquals(listed(html.body()), names(list));
        assertEquals("docker pull " + registry.hostPort() + "/hello",
                list.path("repositories").get(names(list).indexOf("hello")).path("pull").asText());
        assertFalse(names(list).contains("private/app"));
    }

    @Test
    void aRepositoryShowsItsTagsWithDigestPlatformsSizeAndPullCommands() throws Exception {
        String digest = registry.images().resolveTag("hello", "latest").orElseThrow().value();
        HttpResponse<String> page = get("/v2/_gallery/hello");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("docker pull " + registry.hostPort() + "/hello:latest"), page.body());
        assertTrue(page.body().contains("docker pull " + registry.hostPort() + "/hello@" + digest), page.body());
        assertTrue(page.body().contains("linux/amd64, linux/arm64"), page.body());

        JsonNode json = JSON.readTree(get("/v2/_gallery/hello?format=json").body());
        JsonNode latest = json.path("tags").get(0);
        assertEquals("latest", latest.path("tag").asText());
        assertEquals(digest, latest.path("digest").asText());
        assertEquals(List.of("linux/amd64", "linux/arm64"),
                JSON.convertValue(latest.path("platforms"), List.class));
        assertTrue(latest.path("size").asLong() > 0, "compressed size from DescribeImages");
        assertFalse(latest.path("pushedAt").asText().isEmpty());
    }

    @Test
    void aMappedRegistrysRepositoryShowsUnderItsPrefix() throws Exception {
        HttpResponse<String> page = get("/v2/_gallery/prod/shared/app");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("docker pull " + registry.hostPort() + "/prod/shared/app:latest"));
    }

    @Test
    void aPrivateRepositoryIsAnsweredAsOneThatDoesNotExist() throws Exception {
        HttpResponse<String> privateOne = get("/v2/_gallery/private/app");
        HttpResponse<String> missing = get("/v2/_gallery/no/such/app");
        HttpResponse<String> loginOnly = get("/v2/_gallery/members/app");
        assertEquals(404, privateOne.statusCode());
        assertEquals(missing.statusCode(), privateOne.statusCode());
        assertEquals(missing.body(), privateOne.body());
        assertEquals(missing.body(), loginOnly.body());
        assertTrue(privateOne.body().contains("\"NAME_UNKNOWN\""), privateOne.body());
    }

    @Test
    void aPolicyChangeShowsAtOnce() throws Exception {
        try {
            registry.secrets().access().update(d -> d.withPolicy(Optional.of(AccessPolicy.parse("""
                    {"anonymous": ["public/app"]}"""))));
            assertEquals(List.of("public/app"), listed(get("/v2/_gallery").body()));
            assertEquals(404, get("/v2/_gallery/hello").statusCode());
        } finally {
            registry.secrets().access().update(d -> d.withPolicy(Optional.of(AccessPolicy.parse(POLICY))));
        }
    }

    @Test
    void pagesRepositoriesAndTags() throws Exception {
        JsonNode first = JSON.readTree(get("/v2/_gallery?format=json&q=zz/many/").body());
        assertEquals(100, first.path("repositories").size());
        assertEquals(130, first.path("total").asInt());
        assertEquals(2, first.path("pages").asInt());
        JsonNode second = JSON.readTree(get(first.path("next").asText()).body());
        assertEquals(30, second.path("repositories").size());
        assertEquals("zz/many/r129", names(second).getLast());
        assertTrue(second.path("next").isMissingNode());

        HttpResponse<String> html = get("/v2/_gallery?q=zz/many/&page=2");
        assertEquals(names(second), listed(html.body()));
        assertTrue(html.body().contains("rel=\"prev\" href=\"/v2/_gallery?q=zz%2Fmany%2F&amp;page=1\""), html.body());

        HttpResponse<String> beyond = get("/v2/_gallery?q=zz/many/&page=3");
        assertEquals(400, beyond.statusCode());
        assertTrue(beyond.body().contains("PAGINATION_NUMBER_INVALID"), beyond.body());
        assertEquals(400, get("/v2/_gallery?page=x").statusCode());

        JsonNode tags = JSON.readTree(get("/v2/_gallery/public/tags?format=json").body());
        assertEquals(61, tags.path("total").asInt());
        assertEquals(50, tags.path("tags").size());
        JsonNode rest = JSON.readTree(get(tags.path("next").asText()).body());
        assertEquals(11, rest.path("tags").size());
    }

    @Test
    void whatAnImageSaysIsShownAsText() throws Exception {
        HttpResponse<String> page = get("/v2/_gallery/public/xss");
        assertEquals(200, page.statusCode(), page.body());
        assertFalse(page.body().contains(XSS), "never markup");
        assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;/amd64"), page.body());
        HttpResponse<String> json = get("/v2/_gallery/public/xss?format=json");
        assertTrue(JSON.readTree(json.body()).path("tags").get(0).path("platforms").get(0).asText().startsWith(XSS));
    }

    @Test
    void headersKeepThePageToItselfAndCacheable() throws Exception {
        HttpResponse<String> page = get("/v2/_gallery");
        assertEquals("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals("public, max-age=60", page.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        String etag = page.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/v2/_gallery", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from another host");

        HttpResponse<String> css = get("/v2/_gallery/_static/gallery.css");
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> js = get("/v2/_gallery/_static/gallery.js");
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(js.body().contains("clipboard"));
        assertEquals(404, get("/v2/_gallery/_static/other.js").statusCode());
        assertEquals(405, send("POST", "/v2/_gallery").statusCode());
        assertEquals(200, send("HEAD", "/v2/_gallery").statusCode());
    }

    @Test
    void aPageViewWithinTheMinuteCostsNoEcrCall() throws Exception {
        get("/v2/_gallery/public/app");
        registry.ecr().resetCallCounts();
        get("/v2/_gallery/public/app");
        get("/v2/_gallery");
        get("/v2/_gallery");
        assertEquals(0, registry.ecr().calls("DescribeImages"), registry.ecr().callCounts().toString());
        assertEquals(0, registry.ecr().calls("BatchGetImage"), registry.ecr().callCounts().toString());
        assertTrue(registry.ecr().calls("DescribeRepositories") <= 2, registry.ecr().callCounts().toString());
    }

    @Test
    void anUnreadablePolicyFailsClosed() throws Exception {
        registry.secrets().emulator().inject("GetSecretValue", SecretsFault.SERVER_ERROR);
        for (String path : List.of("/v2/_gallery", "/v2/_gallery/hello", "/v2/_gallery?format=json")) {
            HttpResponse<String> refused = get(path);
            assertEquals(503, refused.statusCode(), path);
            assertTrue(refused.body().startsWith("{\"errors\":[{\"code\":\"UNAVAILABLE\""), refused.body());
            assertFalse(refused.body().contains("public/app"), refused.body());
        }
        registry.secrets().emulator().clearFaults();
        assertEquals(200, get("/v2/_gallery").statusCode(), "recovers without a restart");
    }

    @Test
    void withoutAPolicyOrWithoutAuthEverythingIsPublic() throws Exception {
        LocalRegistry.Auth noPolicy = new LocalRegistry.Auth(null, Optional.empty(), Duration.ofSeconds(300),
                Duration.ZERO, Duration.ZERO);
        try (LocalRegistry anonymous = LocalRegistry.start(LocalRegistry.Options.loopback(null, noPolicy));
             LocalRegistry open = LocalRegistry.start(LocalRegistry.Options.loopback(null))) {
            SampleImages.seed(anonymous.images(), "private/app");
            SampleImages.seed(open.images(), "private/app");
            for (LocalRegistry r : List.of(anonymous, open)) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(r.url() + "/v2/_gallery"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(List.of("hello", "private/app"), listed(page.body()));
            }
        }
    }
}
