package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds layouts by hand, as skopeo lays them out, from the sample image's content. */
class OciLayoutsTest {
    private static final String FOREIGN = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    private final ObjectMapper mapper = new ObjectMapper();
    private final ImageStore sample = new ImageStore();
    private final Digest index;
    private final Digest amd64;

    @TempDir
    Path dir;

    OciLayoutsTest() throws IOException {
        SampleImages.seed(sample);
        index = sample.resolveTag("hello", "latest").orElseThrow();
        amd64 = new Digest(mapper.readTree(sample.manifest("hello", index).orElseThrow().bytes())
                .path("manifests").get(0).path("digest").asText());
    }

    @Test
    void importsNestedLayoutsWithTheirTagsManifestsAndBlobs() throws IOException {
        Path app = layout("team/app", Map.of("latest", index, "docker.io/team/app:amd64", amd64));
        layout("solo", Map.of("v1", amd64));
        ImageStore store = new ImageStore();

        assertEquals(List.of("solo", "team/app"), OciLayouts.importAll(dir, store));

        assertEquals(Map.of("latest", index, "amd64", amd64), store.tags("team/app"));
        assertEquals(Map.of("v1", amd64), store.tags("solo"));
        assertEquals(sample.manifests("hello").keySet(), store.manifests("team/app").keySet());
        for (ImageStore.Manifest original : sample.manifests("hello").values()) {
            ImageStore.Manifest imported = store.manifest("team/app", original.digest()).orElseThrow();
            assertArrayEquals(original.bytes(), imported.bytes());
            assertEquals(original.mediaType(), imported.mediaType());
        }
        for (Digest blob : blobsOf(amd64)) {
            ImageStore.Blob imported = store.blob("team/app", blob).orElseThrow();
            assertEquals(sample.blob("hello", blob).orElseThrow().mediaType(), imported.mediaType());
            ImageStore.BlobContent.OnDisk onDisk = assertInstanceOf(ImageStore.BlobContent.OnDisk.class,
                    imported.content());
            assertEquals(app.resolve("blobs/sha256/" + blob.value().substring(7)), onDisk.file());
            try (InputStream in = imported.content().open()) {
                assertEquals(blob, Digest.sha256Of(in.readAllBytes()));
            }
        }
        assertEquals(1, store.manifests("solo").size());
    }

    @Test
    void takesTheMediaTypeFromTheManifestWhenTheDescriptorHasNone() throws IOException {
        Path layout = layout("app", Map.of("latest", index));
        ObjectNode indexJson = (ObjectNode) mapper.readTree(layout.resolve("index.json").toFile());
        ((ObjectNode) indexJson.path("manifests").get(0)).remove("mediaType");
        Files.write(layout.resolve("index.json"), mapper.writeValueAsBytes(indexJson));
        ImageStore store = new ImageStore();

        OciLayouts.importAll(dir, store);

        assertEquals(SampleImages.INDEX, store.manifest("app", index).orElseThrow().mediaType());
    }

    @Test
    void skipsMissingForeignLayersButNoOtherMissingBlob() throws IOException {
        Path layout = layout("app", Map.of("latest", amd64));
        ObjectNode manifest = (ObjectNode) mapper.readTree(sample.manifest("hello", amd64).orElseThrow().bytes());
        ((ArrayNode) manifest.path("layers")).addObject().put("mediaType", FOREIGN)
                .put("digest", "sha256:" + "f".repeat(64)).put("size", 10)
                .putArray("urls").add("https://example.com/layer");
        Digest withForeign = writeBlob(layout, mapper.writeValueAsBytes(manifest));
        writeIndex(layout, Map.of("windows", withForeign));
        ImageStore store = new ImageStore();

        OciLayouts.importAll(dir, store);
        assertTrue(store.manifest("app", withForeign).isPresent());
        assertTrue(store.blob("app", new Digest("sha256:" + "f".repeat(64))).isEmpty());

        Path config = layout.resolve("blobs/sha256/" + blobsOf(amd64).getFirst().value().substring(7));
        Files.delete(config);
        ImageStore untouched = new ImageStore();
        IOException missing = assertThrows(IOException.class, () -> OciLayouts.importAll(dir, untouched));
        assertTrue(missing.getMessage().contains(config.toString()), missing.getMessage());
        assertFalse(untouched.hasRepository("app"), "a failed import stores nothing");
    }

    @Test
    void refusesLayoutsItCannotNameOrRead() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThrows(IOException.class, () -> OciLayouts.importAll(root, new ImageStore()));

        Files.delete(root.resolve("oci-layout"));
        layout("Upper/Case", Map.of("latest", amd64));
        assertThrows(IOException.class, () -> OciLayouts.importAll(dir, new ImageStore()));
    }

    @Test
    void refusesManifestsThatDoNotMatchTheirDigest() throws IOException {
        Path layout = layout("app", Map.of("latest", amd64));
        Files.writeString(layout.resolve("blobs/sha256/" + amd64.value().substring(7)), "{}");
        IOException e = assertThrows(IOException.class, () -> OciLayouts.importAll(dir, new ImageStore()));
        assertTrue(e.getMessage().contains(amd64.value().substring(7)), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "latest, latest",
            "app:1.0, 1.0",
            "localhost:5000/team/app:v2, v2",
            "localhost:5000/team/app, none",
            "app@sha256:abc, none",
            "app:1.0@sha256:abc, 1.0",
            "'', none"})
    void readsTheTagFromRefNames(String refName, String tag) {
        assertEquals(Optional.ofNullable(tag), OciLayoutReader.tag(refName));
    }

    /** A layout holding the sample content that the tagged manifests reach, tagged by ref.name annotations. */
    private Path layout(String repository, Map<String, Digest> refs) throws IOException {
        Path layout = dir.resolve(repository);
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        for (ImageStore.Manifest manifest : sample.manifests("hello").values()) writeBlob(layout, manifest.bytes());
        for (ImageStore.Manifest manifest : sample.manifests("hello").values()) {
            if (!manifest.mediaType().equals(SampleImages.MANIFEST)) continue;
            for (Digest blob : blobsOf(manifest.digest())) {
                try (InputStream in = sample.blob("hello", blob).orElseThrow().content().open()) {
                    writeBlob(layout, in.readAllBytes());
                }
            }
        }
        writeIndex(layout, refs);
        return layout;
    }

    private void writeIndex(Path layout, Map<String, Digest> refs) throws IOException {
        ObjectNode indexJson = mapper.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", SampleImages.INDEX);
        ArrayNode manifests = indexJson.putArray("manifests");
        for (Map.Entry<String, Digest> ref : refs.entrySet()) {
            byte[] bytes = Files.readAllBytes(layout.resolve("blobs/sha256/" + ref.getValue().value().substring(7)));
            ObjectNode descriptor = manifests.addObject()
                    .put("mediaType", mapper.readTree(bytes).path("mediaType").asText())
                    .put("digest", ref.getValue().value())
                    .put("size", bytes.length);
            descriptor.putObject("annotations").put(OciLayoutReader.REF_NAME, ref.getKey());
        }
        Files.write(layout.resolve("index.json"), mapper.writeValueAsBytes(indexJson));
    }

    private static Digest writeBlob(Path layout, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256Of(bytes);
        Files.write(layout.resolve("blobs/sha256/" + digest.value().substring(7)), bytes);
        return digest;
    }

    /** The config, then the layers, of an image manifest of the sample. */
    private List<Digest> blobsOf(Digest manifest) throws IOException {
        JsonNode json = mapper.readTree(sample.manifest("hello", manifest).orElseThrow().bytes());
        return Stream.concat(Stream.of(json.path("config")),
                        StreamSupport.stream(json.path("layers").spliterator(), false))
                .map(descriptor -> new Digest(descriptor.path("digest").asText()))
                .toList();
    }
}
