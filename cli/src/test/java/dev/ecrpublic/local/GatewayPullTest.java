package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.EcrFault;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pull endpoint through the local gateway over loopback: real HTTP, real handler, real SDK, emulated ECR. */
class GatewayPullTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String ZERO_DIGEST = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    static LocalRegistry registry;
    static HttpClient http;
    static Digest indexDigest;
    static JsonNode index;

    @BeforeAll
    static void start() throws IOException {
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null));
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        ImageStore images = registry.images();
        indexDigest = images.resolveTag("hello", "latest").orElseThrow();
        index = JSON.readTree(images.manifest("hello", indexDigest).orElseThrow().bytes());
        for (String tag : List.of("v1", "a-first", "z-last", "1.0")) images.tag("hello", tag, indexDigest);
        for (String repo : List.of("team/app", "alpha", "zeta/one")) images.createRepository(repo);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static String platformDigest(String arch) {
        for (JsonNode m : index.path("manifests"))
            if (m.path("platform").path("architecture").asText().equals(arch)) return m.path("digest").asText();
        throw new AssertionError("no " + arch + " in the sample index");
    }

    @Test
    void pingAnswersWithTheApiVersion() throws Exception {
        var r = send("GET", "/v2/");
        assertEquals(200, r.statusCode());
        assertEquals("{}", new String(r.body()));
        assertEquals("registry/2.0", header(r, "Docker-Distribution-API-Version"));
        assertEquals(200, send("GET", "/v2").statusCode());
    }

    @Test
    void manifestByTagIsTheExactIndex() throws Exception {
        var r = send("GET", "/v2/hello/manifests/latest", "Accept", OCI_INDEX, "Accept", OCI_MANIFEST);
        assertEquals(200, r.statusCode());
        assertEquals(indexDigest, Digest.sha256Of(r.body()));
        assertEquals(indexDigest.value(), header(r, "Docker-Content-Digest"));
        assertEquals(OCI_INDEX, header(r, "Content-Type"));
        assertArrayEquals(registry.images().manifest("hello", indexDigest).orElseThrow().bytes(), r.body());
    }

    @Test
    void headHasTheLengthAndDigestButNoBody() throws Exception {
        var r = send("HEAD", "/v2/hello/manifests/latest");
        assertEquals(200, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(indexDigest.value(), header(r, "Docker-Content-Digest"));
        long expected = registry.images().manifest("hello", indexDigest).orElseThrow().bytes().length;
        assertEquals(Long.toString(expected), header(r, "Content-Length"));
    }

    @ParameterizedTest
    @CsvSource({"amd64", "arm64"})
    void platformManifestByDigestAndItsBlobs(String arch) throws Exception {
        String digest = platformDigest(arch);
        var r = send("GET", "/v2/hello/manifests/" + digest, "Accept", OCI_MANIFEST);
        assertEquals(200, r.statusCode());
        assertEquals(digest, Digest.sha256Of(r.body()).value());
        assertEquals(OCI_MANIFEST, header(r, "Content-Type"));
        JsonNode manifest = JSON.readTree(r.body());
        List<JsonNode> blobs = new ArrayList<>();
        blobs.add(manifest.path("config"));
        manifest.path("layers").forEach(blobs::add);
        for (JsonNode blob : blobs) {
            String blobDigest = blob.path("digest").asText();
            var head = send("HEAD", "/v2/hello/blobs/" + blobDigest);
            assertEquals(200, head.statusCode(), blobDigest);
            assertEquals(blob.path("size").asText(), header(head, "Content-Length"));
            assertEquals(blobDigest, header(head, "Docker-Content-Digest"));

            var get = send("GET", "/v2/hello/blobs/" + blobDigest);
            assertEquals(307, get.statusCode());
            assertEquals(blobDigest, header(get, "Docker-Content-Digest"));
            var download = http.send(HttpRequest.newBuilder(URI.create(header(get, "Location"))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertEquals(blobDigest, Digest.sha256Of(download.body()).value());
        }
    }

    @Test
    void percentEncodedDigestAndTrailingSlashWork() throws Exception {
        String encoded = indexDigest.value().replace(":", "%3A");
        assertEquals(200, send("GET", "/v2/hello/manifests/" + encoded).statusCode());
        assertEquals(200, send("GET", "/v2/hello/tags/list/").statusCode());
    }

    @Test
    void tagsAreSortedAndPaged() throws Exception {
        var all = send("GET", "/v2/hello/tags/list");
        assertEquals(200, all.statusCode());
        assertEquals("{\"name\":\"hello\",\"tags\":[\"1.0\",\"a-first\",\"latest\",\"v1\",\"z-last\"]}", new String(all.body()));

        List<String> seen = new ArrayList<>();
        String next = "/v2/hello/tags/list?n=2";
        int pages = 0;
        while (next != null) {
            var page = send("GET", next);
            assertEquals(200, page.statusCode());
            JSON.readTree(page.body()).path("tags").forEach(t -> seen.add(t.asText()));
            String link = header(page, "Link");
            next = link == null ? null : link.substring(1, link.indexOf('>'));
            pages++;
        }
        assertEquals(List.of("1.0", "a-first", "latest", "v1", "z-last"), seen);
        assertEquals(3, pages);
    }

    @Test
    void catalogIsSortedAndPaged() throws Exception {
        var first = send("GET", "/v2/_catalog?n=2");
        assertEquals("{\"repositories\":[\"alpha\",\"hello\"]}", new String(first.body()));
        assertEquals("</v2/_catalog?n=2&last=hello>; rel=\"next\"", header(first, "Link"));
        var second = send("GET", "/v2/_catalog?n=2&last=hello");
        assertEquals("{\"repositories\":[\"team/app\",\"zeta/one\"]}", new String(second.body()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
            "GET, /v2/Hello/manifests/latest, 400, NAME_INVALID",
            "GET, /v2/a/../hello/manifests/latest, 400, NAME_INVALID",
            "GET, /v2/hello/manifests/sha256:abc, 400, DIGEST_INVALID",
            "GET, /v2/hello/blobs/sha256:abc, 400, DIGEST_INVALID",
            "GET, /v2/nope/manifests/latest, 404, NAME_UNKNOWN",
            "GET, /v2/nope/tags/list, 404, NAME_UNKNOWN",
            "GET, /v2/hello/manifests/nope, 404, MANIFEST_UNKNOWN",
            "HEAD, /v2/hello/manifests/nope, 404, ",
            "GET, /v2/hello/manifests/sha256:0000000000000000000000000000000000000000000000000000000000000000, 404, MANIFEST_UNKNOWN",
            "GET, /v2/hello/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000, 404, BLOB_UNKNOWN",
            "HEAD, /v2/hello/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000, 404, ",
            "GET, /v2/nope/referrers/sha256:0000000000000000000000000000000000000000000000000000000000000000, 404, NAME_UNKNOWN",
            "GET, /v2/hello/referrers/sha256:abc, 400, DIGEST_INVALID",
            "GET, /v2/_catalog?n=-1, 400, PAGINATION_NUMBER_INVALID",
            "GET, /v2/hello/tags/list?n=5000, 400, PAGINATION_NUMBER_INVALID",
            "PUT, /v2/hello/manifests/latest, 405, UNSUPPORTED",
            "DELETE, /v2/hello/manifests/latest, 405, UNSUPPORTED",
            "POST, /v2/hello/blobs/uploads/, 405, UNSUPPORTED",
            "PATCH, /v2/hello/blobs/uploads/abc, 405, UNSUPPORTED",
            "GET, /v2/hello/nothing-here, 404, NOT_FOUND",
            "GET, /not-the-registry, 404, NOT_FOUND",
            "OPTIONS, /v2/, 405, UNSUPPORTED"})
    void errorsAnswerWithTheirCode(String method, String path, int status, String code) throws Exception {
        var r = send(method, path);
        assertEquals(status, r.statusCode(), new String(r.body()));
        assertEquals("registry/2.0", header(r, "Docker-Distribution-API-Version"));
        if (code != null) {
            JsonNode error = JSON.readTree(r.body()).path("errors").path(0);
            assertEquals(code, error.path("code").asText(), new String(r.body()));
            assertTrue(error.path("message").isTextual());
            assertTrue(!new String(r.body()).contains("123456789012"), "no account id in " + new String(r.body()));
        } else {
            assertEquals(0, r.body().length);
            assertTrue(Long.parseLong(header(r, "Content-Length")) > 0, "HEAD keeps the error's length");
        }
    }

    @ParameterizedTest(name = "{0} on {1} -> {3} {4}")
    @CsvSource({
            "THROTTLING, BatchGetImage, /v2/hello/manifests/latest, 429, TOOMANYREQUESTS",
            "THROTTLING, GetDownloadUrlForLayer, /v2/hello/blobs/" + ZERO_DIGEST + ", 429, TOOMANYREQUESTS",
            "ACCESS_DENIED, BatchGetImage, /v2/hello/manifests/latest, 403, DENIED",
            "ACCESS_DENIED, ListImages, /v2/hello/tags/list, 403, DENIED",
            "SERVER_ERROR, BatchGetImage, /v2/hello/manifests/latest, 503, UNAVAILABLE",
            "SERVER_ERROR, DescribeRepositories, /v2/_catalog, 503, UNAVAILABLE",
            "MALFORMED_BODY, BatchGetImage, /v2/hello/manifests/latest, 503, UNAVAILABLE",
            "MALFORMED_BODY, ListImages, /v2/hello/tags/list, 503, UNAVAILABLE",
            "CONNECTION_RESET, BatchGetImage, /v2/hello/manifests/latest, 503, UNAVAILABLE",
            "CONNECTION_RESET, GetDownloadUrlForLayer, /v2/hello/blobs/" + ZERO_DIGEST + ", 503, UNAVAILABLE"})
    void ecrFailuresBecomeOciErrors(EcrFault fault, String operation, String path, int status, String code) throws Exception {
        registry.ecr().inject(operation, fault);
        try {
            var r = send("GET", path);
            assertEquals(status, r.statusCode(), new String(r.body()));
            String body = new String(r.body());
            assertEquals(code, JSON.readTree(r.body()).path("errors").path(0).path("code").asText(), body);
            assertTrue(!body.contains("123456789012") && !body.contains("arn:"), body);
            if (status == 429) assertTrue(header(r, "Retry-After") != null);
        } finally {
            registry.ecr().clearFaults();
        }
        assertEquals(200, send("GET", "/v2/hello/manifests/latest").statusCode(), "recovers once ECR does");
    }

    @Test
    void aSlowEcrEndsIn503WithinTheFunctionsTimeBudgetAndRecovers() throws Exception {
        registry.ecr().inject("BatchGetImage", EcrFault.SLOW);
        long started = System.nanoTime();
        try {
            var r = send("GET", "/v2/hello/manifests/latest");
            assertEquals(503, r.statusCode(), new String(r.body()));
            assertEquals("UNAVAILABLE", JSON.readTree(r.body()).path("errors").path(0).path("code").asText());
        } finally {
            registry.ecr().clearFaults();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(seconds < 25, "bounded retries end within the function's 25 s timeout, took " + seconds + " s");
        assertEquals(200, send("GET", "/v2/hello/manifests/latest").statusCode(), "recovers once ECR does");
    }

    @Test
    void eachPullRequestMakesOneEcrCall() throws Exception {
        String layer = JSON.readTree(send("GET", "/v2/hello/manifests/" + platformDigest("amd64")).body())
                .path("layers").path(0).path("digest").asText();
        for (String[] c : new String[][]{
                {"GET", "/v2/hello/manifests/latest", "BatchGetImage"},
                {"HEAD", "/v2/hello/manifests/latest", "BatchGetImage"},
                {"GET", "/v2/hello/blobs/" + layer, "GetDownloadUrlForLayer"},
                {"HEAD", "/v2/hello/blobs/" + layer, "BatchCheckLayerAvailability"},
                {"GET", "/v2/hello/tags/list", "ListImages"},
                {"GET", "/v2/_catalog", "DescribeRepositories"}}) {
            registry.ecr().resetCallCounts();
            send(c[0], c[1]);
            long total = registry.ecr().callCounts().values().stream().mapToLong(Long::longValue).sum();
            assertEquals(1, registry.ecr().calls(c[2]), String.join(" ", c));
            assertEquals(1, total, String.join(" ", c) + " " + registry.ecr().callCounts());
        }
        registry.ecr().resetCallCounts();
        assertEquals(200, send("GET", "/v2/hello/manifests/" + platformDigest("amd64")).statusCode());
        assertEquals(0, registry.ecr().calls("BatchGetImage"), "a manifest by digest already fetched is served from memory");
        send("GET", "/v2/");
        send("GET", "/v2/Bad/manifests/latest");
        send("PUT", "/v2/hello/manifests/latest");
        assertEquals(0, registry.ecr().callCounts().values().stream().mapToLong(Long::longValue).sum(),
                "the ping, bad names and push methods never reach ECR");
    }
}
