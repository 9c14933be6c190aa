package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SampleImagesTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ImageStore store = seeded();

    private static ImageStore seeded() {
        ImageStore store = new ImageStore();
        SampleImages.seed(store);
        return store;
    }

    @Test
    void latestIsAnIndexOfOneImagePerPlatform() throws IOException {
        ImageStore.Manifest index = manifest(store.resolveTag("hello", "latest").orElseThrow());
        JsonNode json = mapper.readTree(index.bytes());

        assertEquals(SampleImages.INDEX, index.mediaType());
        assertEquals(2, json.path("schemaVersion").asInt());
        assertEquals(SampleImages.INDEX, json.path("mediaType").asText());
        List<String> platforms = new ArrayList<>();
        for (JsonNode entry : json.path("manifests")) {
            platforms.add(entry.path("platform").path("os").asText() + "/"
                    + entry.path("platform").path("architecture").asText());
            assertEquals(SampleImages.MANIFEST, entry.path("mediaType").asText());
            ImageStore.Manifest child = manifest(new Digest(entry.path("digest").asText()));
            assertEquals(child.bytes().length, entry.path("size").asLong());
            assertEquals(SampleImages.MANIFEST, child.mediaType());
        }
        assertEquals(List.of("linux/amd64", "linux/arm64"), platforms);
        assertEquals(Map.of("latest", index.digest()), store.tags("hello"));
        assertEquals(3, store.manifests("hello").size());
    }

    @Test
    void everyDescriptorMatchesItsBlobAndEveryConfigItsLayer() throws IOException {
        for (JsonNode entry : mapper.readTree(manifest(store.resolveTag("hello", "latest").orElseThrow()).bytes())
                .path("manifests")) {
            JsonNode image = mapper.readTree(manifest(new Digest(entry.path("digest").asText())).bytes());
            assertEquals(2, image.path("schemaVersion").asInt());
            assertEquals(SampleImages.MANIFEST, image.path("mediaType").asText());
            byte[] config = blob(image.path("config"), SampleImages.CONFIG);
            JsonNode layerDescriptor = image.path("layers").get(0);
            assertEquals(1, image.path("layers").size());
            byte[] layer = blob(layerDescriptor, SampleImages.LAYER);

            JsonNode configJson = mapper.readTree(config);
            assertEquals(entry.path("platform").path("architecture").asText(),
                    configJson.path("architecture").asText());
            assertEquals("linux", configJson.path("os").asText());
            assertEquals("layers", configJson.path("rootfs").path("type").asText());
            assertTrue(configJson.path("config").path("Cmd").isArray());
            byte[] tar = gunzip(layer);
            assertEquals(Digest.sha256Of(tar).value(), configJson.path("rootfs").path("diff_ids").get(0).asText(),
                    "diff_ids name the uncompressed layer");

            Map<String, String> files = untar(tar);
            assertEquals(Map.of("hello.txt", "Hello from linux/" + configJson.path("architecture").asText() + "!\n"),
                    files);
        }
    }

    @Test
    void theSampleReferrerIsAnUntaggedArtifactWhoseSubjectIsLatest() throws IOException {
        Digest index = store.resolveTag("hello", "latest").orElseThrow();
        Digest artifact = SampleImages.seedReferrer(store, "hello");
        ImageStore.Manifest stored = manifest(artifact);
        JsonNode json = mapper.readTree(stored.bytes());

        assertEquals(SampleImages.MANIFEST, stored.mediaType());
        assertEquals(SampleImages.MANIFEST, json.path("mediaType").asText());
        assertEquals(SampleImages.SIGNATURE_TYPE, json.path("artifactType").asText());
        assertEquals(index.value(), json.path("subject").path("digest").asText());
        assertEquals(SampleImages.INDEX, json.path("subject").path("mediaType").asText());
        assertEquals(manifest(index).bytes().length, json.path("subject").path("size").asLong());
        assertEquals("{}", new String(blob(json.path("config"), SampleImages.EMPTY), StandardCharsets.UTF_8));
        assertTrue(new String(blob(json.path("layers").get(0), SampleImages.SIGNATURE_TYPE), StandardCharsets.UTF_8)
                .contains(index.value()));
        assertEquals(Map.of("latest", index), store.tags("hello"), "no tag of its own");
        assertEquals(4, store.manifests("hello").size());
        assertEquals(artifact, SampleImages.seedReferrer(seeded(), "hello"), "the same bytes every time");
    }

    @Test
    void seedingIsDeterministic() {
        ImageStore again = seeded();
        assertEquals(store.tags("hello"), again.tags("hello"));
        assertEquals(store.manifests("hello").keySet(), again.manifests("hello").keySet());
        for (Digest digest : store.manifests("hello").keySet())
            assertArrayEquals(manifest(digest).bytes(), again.manifest("hello", digest).orElseThrow().bytes());
    }

    @Test
    void theLayerIsAnArchiveThatGnuTarAndGzipAccept(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("tar") && onPath("gzip"), "needs tar and gzip");
        JsonNode image = mapper.readTree(manifest(new Digest(mapper.readTree(manifest(store.resolveTag("hello",
                "latest").orElseThrow()).bytes()).path("manifests").get(0).path("digest").asText())).bytes());
        Path layer = dir.resolve("layer.tar.gz");
        Files.write(layer, blob(image.path("layers").get(0), SampleImages.LAYER));

        assertEquals("", run(dir, "gzip", "-t", layer.toString()));
        assertEquals("hello.txt\n", run(dir, "tar", "-tzf", layer.toString()));
        run(dir, "tar", "-xzf", layer.toString());
        assertEquals("Hello from linux/amd64!\n", Files.readString(dir.resolve("hello.txt")));
        String listing = run(dir, "env", "TZ=UTC", "tar", "-tvzf", layer.toString());
        assertTrue(listing.matches("-rw-r--r-- root/root +24 2024-01-01 00:00 hello\\.txt\n"), listing);
    }

    private ImageStore.Manifest manifest(Digest digest) {
        return store.manifest("hello", digest).orElseThrow();
    }

    private byte[] blob(JsonNode descriptor, String mediaType) throws IOException {
        assertEquals(mediaType, descriptor.path("mediaType").asText());
        ImageStore.Blob blob = store.blob("hello", new Digest(descriptor.path("digest").asText())).orElseThrow();
        assertEquals(mediaType, blob.mediaType());
        try (InputStream in = blob.content().open()) {
            byte[] bytes = in.readAllBytes();
            assertEquals(blob.digest(), Digest.sha256Of(bytes));
            assertEquals(descriptor.path("size").asLong(), bytes.length);
            return bytes;
        }
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** Reads ustar headers back, checking what extractors check: magic, checksum, and the zero blocks at the end. */
    private static Map<String, String> untar(byte[] tar) {
        assertEquals(0, tar.length % 512);
        Map<String, String> files = new TreeMap<>();
        int offset = 0;
        while (!Arrays.equals(Arrays.copyOfRange(tar, offset, offset + 512), new byte[512])) {
            byte[] header = Arrays.copyOfRange(tar, offset, offset + 512);
            assertEquals("ustar\0", new String(header, 257, 6, StandardCharsets.US_ASCII));
            assertEquals("00", new String(header, 263, 2, StandardCharsets.US_ASCII));
            assertEquals('0', header[156]);
            long recorded = Long.parseLong(new String(header, 148, 6, StandardCharsets.US_ASCII), 8);
            Arrays.fill(header, 148, 156, (byte) ' ');
            long sum = 0;
            for (byte b : header) sum += b & 0xFF;
            assertEquals(sum, recorded, "header checksum");
            String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
            int size = Integer.parseInt(new String(header, 124, 11, StandardCharsets.US_ASCII), 8);
            files.put(name, new String(tar, offset + 512, size, StandardCharsets.UTF_8));
            offset += 512 + (size + 511) / 512 * 512;
        }
        assertArrayEquals(new byte[1024], Arrays.copyOfRange(tar, offset, offset + 1024), "two zero blocks");
        return files;
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
