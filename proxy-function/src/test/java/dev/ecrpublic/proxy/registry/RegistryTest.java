package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest {
    static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
    static final Digest LAYER = Digest.sha256Of("layer".getBytes(StandardCharsets.UTF_8));

    final FakeBackingRegistry backing = new FakeBackingRegistry();
    final List<String> log = new ArrayList<>();
    final Registry registry = new Registry(backing, AuthMode.NONE, log::add);
    Digest indexDigest;

    @BeforeEach
    void seed() {
        indexDigest = backing.putManifest("hello", "latest", INDEX, ManifestMediaTypes.OCI_INDEX);
        backing.putManifest("hello", "v1", INDEX, ManifestMediaTypes.OCI_INDEX);
        backing.putManifest("team/app", "b", INDEX, ManifestMediaTypes.OCI_INDEX);
        backing.putBlob("hello", LAYER, 1234);
    }

    GatewayResponse call(String method, String path, String... headers) {
        return registry.serve(new GatewayRequest(method, path, Headers.of(headers), Map.of(), "req-1", Map.of(), null, false));
    }

    String header(GatewayResponse r, String name) {
        return r.headers().first(name).orElse(null);
    }

    @Test
    void baseAnswersWithTheApiVersion() {
        GatewayResponse r = call("GET", "/");
        assertEquals(200, r.status());
        assertEquals("{}", r.body());
        assertEquals("registry/2.0", header(r, "Docker-Distribution-API-Version"));
    }

    @Test
    void manifestByTagHasExactBytesAndTheirDigest() {
        GatewayResponse r = call("GET", "/hello/manifests/latest", "Accept", ManifestMediaTypes.OCI_INDEX);
        assertEquals(200, r.status());
        assertEquals(INDEX, r.body());
        assertEquals(indexDigest.value(), header(r, "Docker-Content-Digest"));
        assertEquals(ManifestMediaTypes.OCI_INDEX, header(r, "Content-Type"));
        assertEquals(Integer.toString(INDEX.length()), header(r, "Content-Length"));
        assertEquals("\"" + indexDigest.value() + "\"", header(r, "ETag"));
        assertEquals(List.of(ManifestMediaTypes.OCI_INDEX), backing.acceptedSeen.getLast());
    }

    @Test
    void headIsTheSameWithoutABody() {
        GatewayResponse get = call("GET", "/hello/manifests/latest");
        GatewayResponse head = call("HEAD", "/hello/manifests/latest");
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(get.headers().asMap(), head.headers().asMap());
        assertEquals(Integer.toString(INDEX.length()), header(head, "Content-Length"));
    }

    @Test
    void byDigestAsksForEveryTypeSoNothingIsConverted() {
        GatewayResponse r = call("GET", "/hello/manifests/" + indexDigest.value(), "Accept", ManifestMediaTypes.DOCKER_MANIFEST);
        assertEquals(200, r.status());
        assertEquals(ManifestMediaTypes.ALL, backing.acceptedSeen.getLast());
    }

    @Test
    void bytesThatDoNotMatchTheAskedDigestAreNeverServed() {
        backing.corrupt = true;
        GatewayResponse r = call("GET", "/hello/manifests/" + indexDigest.value());
        assertEquals(502, r.status());
        assertFalse(r.body().contains("schemaVersion"));
        assertTrue(r.body().contains("\"code\":\"UNKNOWN\""));
    }

    @Test
    void ifNoneMatchGivesNotModified() {
        GatewayResponse r = call("GET", "/hello/manifests/latest", "If-None-Match", "\"" + indexDigest.value() + "\"");
        assertEquals(304, r.status());
        assertEquals("", r.body());
    }

    @Test
    void blobGetRedirectsAndHeadGivesTheSize() {
        GatewayResponse get = call("GET", "/hello/blobs/" + LAYER.value());
        assertEquals(307, get.status());
        assertEquals("https://blobs.example/" + LAYER.value() + "?signature=x", header(get, "Location"));
        assertEquals(LAYER.value(), header(get, "Docker-Content-Digest"));
        GatewayResponse head = call("HEAD", "/hello/blobs/" + LAYER.value());
        assertEquals(200, head.status());
        assertEquals("1234", header(head, "Content-Length"));
        assertEquals(LAYER.value(), header(head, "Docker-Content-Digest"));
    }

    @Test
    void tagsAndCatalogAreSorted() {
        assertEquals("{\"name\":\"hello\",\"tags\":[\"latest\",\"v1\"]}", call("GET", "/hello/tags/list").body());
        assertEquals("{\"repositories\":[\"hello\",\"team/app\"]}", call("GET", "/_catalog").body());
    }

    record Case(String method, String path, int status, String code) {}

    @Test
    void everyErrorAnswersWithItsCode() {
        String unknownDigest = "sha256:" + "0".repeat(64);
        for (Case c : List.of(
                new Case("GET", "/Bad/manifests/latest", 400, "NAME_INVALID"),
                new Case("GET", "/hello/manifests/sha256:1", 400, "DIGEST_INVALID"),
                new Case("GET", "/hello/manifests/.x", 400, "TAG_INVALID"),
                new Case("GET", "/nope/manifests/latest", 404, "NAME_UNKNOWN"),
                new Case("GET", "/hello/manifests/nope", 404, "MANIFEST_UNKNOWN"),
                new Case("GET", "/hello/blobs/" + unknownDigest, 404, "BLOB_UNKNOWN"),
                new Case("GET", "/nope/referrers/" + unknownDigest, 404, "NAME_UNKNOWN"),
                new Case("GET", "/hello/referrers/sha256:1", 400, "DIGEST_INVALID"),
                new Case("GET", "/hello/nothing", 404, "NOT_FOUND"),
                new Case("PUT", "/hello/manifests/latest", 405, "UNSUPPORTED"),
                new Case("DELETE", "/hello/manifests/latest", 405, "UNSUPPORTED"),
                new Case("POST", "/hello/blobs/uploads/", 405, "UNSUPPORTED"),
                new Case("GET", "/hello/blobs/uploads/x", 405, "UNSUPPORTED"))) {
            GatewayResponse r = call(c.method(), c.path());
            assertEquals(c.status(), r.status(), c.toString());
            if (c.code() != null) assertTrue(r.body().contains("\"code\":\"" + c.code() + "\""), c + " " + r.body());
            assertEquals("registry/2.0", header(r, "Docker-Distribution-API-Version"));
        }
        assertEquals("GET, HEAD", header(call("PATCH", "/hello/blobs/uploads/x"), "Allow"));
        GatewayResponse badN = registry.serve(GatewayRequest.of("GET", "/_catalog", Headers.empty(), Map.of("n", List.of("x"))));
        assertEquals(400, badN.status());
        assertTrue(badN.body().contains("\"code\":\"PAGINATION_NUMBER_INVALID\""), badN.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD"})
    void errorsOnHeadKeepTheirLength(String method) {
        GatewayResponse r = call(method, "/hello/manifests/nope");
        assertEquals(404, r.status());
        assertFalse(header(r, "Content-Length").equals("0"));
    }

    @Test
    void oneJsonLogLinePerRequestWithoutHeaders() {
        call("GET", "/hello/manifests/latest", "Authorization", "Bearer secret-token");
        assertEquals(1, log.size());
        String line = log.getFirst();
        assertTrue(line.startsWith("{") && line.endsWith("}") && !line.contains("\n"), line);
        assertTrue(line.contains("\"repository\":\"hello\"") && line.contains("\"status\":200") && line.contains(indexDigest.value()), line);
        assertFalse(line.contains("secret-token"));
    }
}
