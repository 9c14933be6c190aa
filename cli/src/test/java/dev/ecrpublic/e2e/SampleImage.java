package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.reference.Digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A multi-platform image as the registry's own store holds it. Clients' results are compared with this, so a test
 * never trusts what the registry said over HTTP to judge what the registry said over HTTP.
 */
record SampleImage(String repository, Digest index, byte[] indexBytes, Map<String, Platform> platforms) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One platform's manifest and the blobs a client must fetch for it. */
    record Platform(String os, String architecture, Digest manifest, byte[] manifestBytes, Digest config, List<Digest> layers) {
        String name() {
            return os + "/" + architecture;
        }

        Set<Digest> blobs() {
            var all = new HashSet<>(layers);
            all.add(config);
            return all;
        }
    }

    /** The sample image {@code hello:latest} of a registry, after checking the store holds every blob it names. */
    static SampleImage servedBy(LocalRegistry registry) {
        SampleImage hello = read(registry.images(), "hello", "latest");
        hello.assertBlobsStored(registry.images());
        return hello;
    }

    static SampleImage read(ImageStore store, String repository, String tag) {
        Digest index = store.resolveTag(repository, tag)
                .orElseThrow(() -> new AssertionError("the store has no tag " + repository + ":" + tag));
        byte[] indexBytes = manifestBytes(store, repository, index);
        JsonNode indexJson = parse(indexBytes);
        assertEquals("application/vnd.oci.image.index.v1+json", indexJson.path("mediaType").asText(),
                "the sample tag should name an OCI image index: " + new String(indexBytes));
        var platforms = new LinkedHashMap<String, Platform>();
        for (JsonNode entry : indexJson.path("manifests")) {
            Digest digest = new Digest(entry.path("digest").asText());
            byte[] bytes = manifestBytes(store, repository, digest);
            JsonNode manifest = parse(bytes);
            var layers = new ArrayList<Digest>();
            manifest.path("layers").forEach(layer -> layers.add(new Digest(layer.path("digest").asText())));
            var platform = new Platform(entry.path("platform").path("os").asText(), entry.path("platform").path("architecture").asText(),
                    digest, bytes, new Digest(manifest.path("config").path("digest").asText()), List.copyOf(layers));
            platforms.put(platform.name(), platform);
        }
        return new SampleImage(repository, index, indexBytes, Map.copyOf(platforms));
    }

    Platform platform(String os, String architecture) {
        Platform platform = platforms.get(os + "/" + architecture);
        if (platform == null) fail("the sample index has no " + os + "/" + architecture + " manifest; it has " + platforms.keySet());
        return platform;
    }

    /** The sample's blobs really are in the store, so a client failing to get one is the registry's fault. */
    void assertBlobsStored(ImageStore store) {
        for (Platform platform : platforms.values()) {
            for (Digest blob : platform.blobs()) {
                assertTrue(store.blob(repository, blob).isPresent(), "the store lacks blob " + blob + " of " + platform.name());
            }
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(json), e);
        }
    }

    static List<String> texts(JsonNode array) {
        var values = new ArrayList<String>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static byte[] manifestBytes(ImageStore store, String repository, Digest digest) {
        var manifest = store.manifest(repository, digest).orElse(null);
        assertNotNull(manifest, "the store has no manifest " + digest + " in " + repository);
        return manifest.bytes();
    }
}
