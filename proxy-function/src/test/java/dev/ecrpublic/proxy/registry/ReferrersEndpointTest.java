package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.proxy.registry.BackingRegistry.Referrer;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The referrers API as the distribution spec (1.1) words it, over a fake backing registry. */
class ReferrersEndpointTest {
    static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
    static final String SIGNATURE = "application/vnd.dev.cosign.simplesigning.v1+json";
    static final String SBOM = "application/spdx+json";
    static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    static final Pattern DIGEST = Pattern.compile("\"digest\":\"(sha256:[0-9a-f]{64})\"");

    final FakeBackingRegistry backing = new FakeBackingRegistry();
    final Registry registry = new Registry(backing, AuthMode.NONE, line -> { });
    Digest subject;

    @BeforeEach
    void seed() {
        subject = backing.putManifest("hello", "latest", INDEX, ManifestMediaTypes.OCI_INDEX);
        for (int i = 0; i < 5; i++)
            backing.putReferrer("hello", subject, referrer("sig" + i, i % 2 == 0 ? SIGNATURE : SBOM,
                    Map.of("org.opencontainers.image.created", "2024-01-0" + (i + 1) + "T00:00:00Z")));
        backing.putReferrer("hello", subject, new Referrer(ManifestMediaTypes.OCI_MANIFEST,
                Digest.sha256Of("bare".getBytes(StandardCharsets.UTF_8)), 321, Optional.empty(), Map.of()));
    }

    static Referrer referrer(String content, String artifactType, Map<String, String> annotations) {
        return new Referrer(ManifestMediaTypes.OCI_MANIFEST, Digest.sha256Of(content.getBytes(StandardCharsets.UTF_8)),
                content.length() * 100L, Optional.of(artifactType), annotations);
    }

    GatewayResponse call(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null)
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length > 1 ? decode(kv[1]) : "");
            }
        return registry.serve(GatewayRequest.of(method, uri.getRawPath(), Headers.empty(), query));
    }

    static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String digest(String content) {
        return Digest.sha256Of(content.getBytes(StandardCharsets.UTF_8)).value();
    }

    static String header(GatewayResponse r, String name) {
        return r.headers().first(name).orElse(null);
    }

    @Test
    void listsEveryReferrerAsAnImageIndexOfDescriptors() {
        GatewayResponse r = call("GET", "/hello/referrers/" + subject.value());
        assertEquals(200, r.status(), r.body());
        assertEquals(ManifestMediaTypes.OCI_INDEX, header(r, "Content-Type"));
        assertEquals(Integer.toString(r.body().getBytes(StandardCharsets.UTF_8).length), header(r, "Content-Length"));
        assertNull(header(r, "OCI-Filters-Applied"));
        assertNull(header(r, "Link"));
        String sig0 = "{\"mediaType\":\"" + ManifestMediaTypes.OCI_MANIFEST + "\",\"digest\":\""
                + Digest.sha256Of("sig0".getBytes(StandardCharsets.UTF_8)).value() + "\",\"size\":400,"
                + "\"artifactType\":\"" + SIGNATURE + "\","
                + "\"annotations\":{\"org.opencontainers.image.created\":\"2024-01-01T00:00:00Z\"}}";
        String bare = "{\"mediaType\":\"" + ManifestMediaTypes.OCI_MANIFEST + "\",\"digest\":\""
                + Digest.sha256Of("bare".getBytes(StandardCharsets.UTF_8)).value() + "\",\"size\":321}";
        assertTrue(r.body().startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OCI_INDEX
                + "\",\"manifests\":[" + sig0 + ","), r.body());
        assertTrue(r.body().endsWith("," + bare + "]}"), "absent artifactType and annotations are left out: " + r.body());
        assertEquals(6, digests(r).size());
    }

    static List<String> digests(GatewayResponse r) {
        List<String> digests = new ArrayList<>();
        Matcher m = DIGEST.matcher(r.body());
        while (m.find()) digests.add(m.group(1));
        return digests;
    }

    @Test
    void theArtifactTypeFilterIsPassedOnAndSaidToBeApplied() {
        GatewayResponse r = call("GET", "/hello/referrers/" + subject.value() + "?artifactType=" + SBOM.replace("+", "%2B"));
        assertEquals(200, r.status(), r.body());
        assertEquals("artifactType", header(r, "OCI-Filters-Applied"));
        assertEquals(List.of(SBOM), backing.artifactTypesSeen.getLast());
        assertEquals(List.of(digest("sig1"), digest("sig3")), digests(r));

        GatewayResponse empty = call("GET", "/hello/referrers/" + subject.value() + "?artifactType=");
        assertNull(header(empty, "OCI-Filters-Applied"), "an empty filter filters nothing");
        assertEquals(List.of(), backing.artifactTypesSeen.getLast());
    }

    @Test
    void noReferrersOrNoSuchManifestIsAnEmptyIndexNotA404() {
        GatewayResponse r = call("GET", "/hello/referrers/sha256:" + "0".repeat(64));
        assertEquals(200, r.status(), r.body());
        assertEquals(ManifestMediaTypes.OCI_INDEX, header(r, "Content-Type"));
        assertEquals("{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OCI_INDEX + "\",\"manifests\":[]}", r.body());
    }

    @Test
    void pagesFollowTheLinkUntilTheBackingRegistryHasNoMore() {
        backing.referrersPageSize = 2;
        List<String> digests = new ArrayList<>();
        String next = "/hello/referrers/" + subject.value() + "?artifactType=" + SIGNATURE.replace("+", "%2B");
        int pages = 0;
        while (next != null) {
            GatewayResponse r = call("GET", next);
            assertEquals(200, r.status(), r.body());
            assertEquals("artifactType", header(r, "OCI-Filters-Applied"), "every page says it is filtered");
            digests.addAll(digests(r));
            pages++;
            String link = header(r, "Link");
            if (link == null) {
                next = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertTrue(m.matches(), link);
                assertTrue(m.group(1).startsWith("/v2/hello/referrers/" + subject.value() + "?"), link);
                next = m.group(1).substring("/v2".length());
            }
        }
        assertEquals(2, pages, "3 signatures in pages of 2");
        assertEquals(List.of(digest("sig0"), digest("sig2"), digest("sig4")), digests);
        backing.artifactTypesSeen.forEach(seen -> assertEquals(List.of(SIGNATURE), seen));
    }

    @Test
    void headIsTheSameWithoutABody() {
        GatewayResponse get = call("GET", "/hello/referrers/" + subject.value());
        GatewayResponse head = call("HEAD", "/hello/referrers/" + subject.value());
        assertEquals(200, head.status());
        assertEquals("", head.body());
        assertEquals(get.headers().asMap(), head.headers().asMap());
    }

    @Test
    void aMissingRepositoryOrAMalformedDigestIsAnError() {
        GatewayResponse missing = call("GET", "/nope/referrers/" + subject.value());
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("\"code\":\"NAME_UNKNOWN\""), missing.body());
        GatewayResponse malformed = call("GET", "/hello/referrers/sha256:xyz");
        assertEquals(400, malformed.status());
        assertTrue(malformed.body().contains("\"code\":\"DIGEST_INVALID\""), malformed.body());
    }
}
