package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.proxy.registry.BackingRegistry.ManifestContent;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.reference.RepositoryName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManifestCacheTest {
    static final LocatedRepository A = LocatedRepository.own(new RepositoryName("team/a"));
    static final LocatedRepository B = LocatedRepository.own(new RepositoryName("team/b"));
    /** team/a as a mapping routes it to another account: other content under the same client name. */
    static final LocatedRepository A_ELSEWHERE = new LocatedRepository(new RepositoryName("team/a"),
            new RepositoryLocation(Optional.of("210987654321"), Optional.of("eu-west-1"), "a"));

    static ManifestContent content(int size) {
        return new ManifestContent(new byte[size], "application/vnd.oci.image.manifest.v1+json");
    }

    static Digest digest(int n) {
        return Digest.sha256Of(("m" + n).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void boundedInBytesLeastRecentlyUsedOut() {
        ManifestCache cache = new ManifestCache(300);
        cache.put(A, digest(1), content(100));
        cache.put(A, digest(2), content(100));
        cache.put(A, digest(3), content(100));
        assertTrue(cache.get(A, digest(1)).isPresent()); // now most recently used
        cache.put(A, digest(4), content(100));
        assertTrue(cache.get(A, digest(2)).isEmpty(), "the least recently used went first");
        assertTrue(cache.get(A, digest(1)).isPresent());
        assertEquals(3, cache.size());
        cache.put(A, digest(5), content(301));
        assertTrue(cache.get(A, digest(5)).isEmpty(), "larger than the whole cache: not kept");
        assertEquals(3, cache.size());
    }

    @Test
    void aDigestFromOneRepositoryIsNeverServedForAnother() {
        ManifestCache cache = new ManifestCache(1000);
        cache.put(A, digest(1), content(10));
        assertTrue(cache.get(B, digest(1)).isEmpty());
        assertTrue(cache.get(A_ELSEWHERE, digest(1)).isEmpty(), "the same name in another registry is another repository");
    }

    @Test
    void aRepeatedGetByDigestMakesNoBackingCall() {
        FakeBackingRegistry backing = new FakeBackingRegistry();
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
        Digest digest = backing.putManifest("hello", "latest", json, ManifestMediaTypes.OCI_INDEX);
        backing.putManifest("other", "latest", "{\"other\":1}", ManifestMediaTypes.OCI_INDEX);
        List<String> log = new ArrayList<>();
        Registry registry = new Registry(backing, AuthMode.NONE, log::add);
        GatewayResponse first = registry.serve(GatewayRequest.of("GET", "/hello/manifests/" + digest.value(), Headers.empty(), Map.of()));
        GatewayResponse second = registry.serve(GatewayRequest.of("GET", "/hello/manifests/" + digest.value(), Headers.empty(), Map.of()));
        assertEquals(200, second.status());
        assertEquals(first.body(), second.body());
        assertEquals(first.headers().asMap(), second.headers().asMap());
        assertEquals(1, backing.manifestCalls);

        registry.serve(GatewayRequest.of("GET", "/hello/manifests/latest", Headers.empty(), Map.of()));
        assertEquals(2, backing.manifestCalls, "a tag may move: always asked");
        GatewayResponse elsewhere = registry.serve(GatewayRequest.of("GET", "/other/manifests/" + digest.value(), Headers.empty(), Map.of()));
        assertEquals(404, elsewhere.status(), "the digest is not in the other repository");
        assertEquals(3, backing.manifestCalls);
    }
}
