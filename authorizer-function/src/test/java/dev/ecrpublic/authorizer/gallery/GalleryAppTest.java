package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.registry.OciErrorResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gallery app's HTTP surface and its CRaC hooks, on in-memory reads. */
class GalleryAppTest {
    final AtomicInteger listings = new AtomicInteger();
    final AtomicInteger accessInvalidated = new AtomicInteger();
    final AtomicInteger primed = new AtomicInteger();
    final List<String> log = new ArrayList<>();

    final GalleryReads reads = new GalleryReads() {
        @Override
        public List<String> repositories(RepositoryLocation registry) {
            listings.incrementAndGet();
            return List.of("hello", "private/app");
        }

        @Override
        public List<TaggedImage> images(RepositoryLocation repository) {
            return List.of(new TaggedImage(List.of("latest"), "sha256:" + "a".repeat(64),
                    "application/vnd.oci.image.manifest.v1+json", 100, Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public Map<String, List<String>> platforms(RepositoryLocation repository, List<String> indexDigests) {
            throw new AssertionError("a single-platform image has no index to read");
        }
    };

    final AccessSource access = new AccessSource() {
        final AccessDocument document = new AccessDocument(
                Optional.of(AccessPolicy.parse("{\"anonymous\": [\"hello\"]}")), List.of());

        @Override
        public AccessDocument current() {
            return document;
        }

        @Override
        public void invalidate() {
            accessInvalidated.incrementAndGet();
        }
    };

    final GalleryApp app = new GalleryApp(false, access, reads, RepositoryTagSource.NONE, Clock.systemUTC(), log::add,
            primed::incrementAndGet);

    /** As the handler answers: a failure becomes its OCI error. */
    static GatewayResponse get(GalleryApp app, String method, String path, Map<String, List<String>> query) {
        try {
            return app.serve(new GatewayRequest(method, path, Headers.of("Host", "reg.example"), query, "t", Map.of(),
                    null, false));
        } catch (RuntimeException e) {
            return OciErrorResponse.from(e, "t");
        }
    }

    @Test
    void pagesAndTheirErrors() {
        GatewayResponse list = get(app, "GET", "/_gallery", Map.of());
        assertEquals(200, list.status());
        assertTrue(list.body().contains("docker pull reg.example/hello"), list.body());
        GatewayResponse head = get(app, "HEAD", "/_gallery", Map.of());
        assertEquals("", head.body());
        assertEquals(list.headers().first("Content-Length"), head.headers().first("Content-Length"));
        GatewayResponse repository = get(app, "GET", "/_gallery/hello/", Map.of("format", List.of("json")));
        assertTrue(repository.body().contains("\"platforms\":[]"), repository.body());
        assertEquals(404, get(app, "GET", "/_gallery/private/app", Map.of()).status());
        assertEquals(404, get(app, "GET", "/_gallery/Not..A..Name", Map.of()).status());
        assertEquals(400, get(app, "GET", "/_gallery", Map.of("page", List.of("0"))).status());
        assertEquals(400, get(app, "GET", "/_gallery", Map.of("page", List.of("99999999"))).status());
        assertEquals(405, get(app, "POST", "/_gallery", Map.of()).status());
        assertEquals(404, get(app, "GET", "/elsewhere", Map.of()).status());
    }

    @Test
    void primesOfflineAndForgetsWhatItReadOnRestore() {
        get(app, "GET", "/_gallery", Map.of());
        get(app, "GET", "/_gallery", Map.of());
        assertEquals(1, listings.get(), "remembered within the minute");
        app.beforeCheckpoint(null);
        assertEquals(1, primed.get());
        app.afterRestore(null);
        assertEquals(1, accessInvalidated.get());
        get(app, "GET", "/_gallery", Map.of());
        assertEquals(2, listings.get(), "read again after a restore");
        assertEquals(List.of(), log);
    }
}
