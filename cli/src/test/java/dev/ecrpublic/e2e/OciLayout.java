package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecrpublic.reference.Digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** An OCI image layout a client wrote; trusted only as far as its files hash to their names. */
record OciLayout(Path dir) {
    /** The digest index.json records for a tag (the org.opencontainers.image.ref.name annotation). */
    Digest tagged(String tag) {
        JsonNode index = SampleImage.parse(read(dir.resolve("index.json")));
        for (JsonNode entry : index.path("manifests")) {
            if (tag.equals(entry.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                return new Digest(entry.path("digest").asText());
            }
        }
        return fail("no manifest tagged " + tag + " in " + dir + "/index.json: " + index);
    }

    byte[] blob(Digest digest) {
        return read(blobPath(digest));
    }

    /** Every blob file's digest, after checking each one's content hashes to its file name. */
    Set<Digest> verifiedBlobs() {
        var digests = new HashSet<Digest>();
        try (Stream<Path> files = Files.list(dir.resolve("blobs").resolve("sha256"))) {
            for (Path file : files.toList()) {
                Digest named = new Digest("sha256:" + file.getFileName());
                assertEquals(named, Digest.sha256Of(read(file)), "blob file " + file + " does not hash to its name");
                digests.add(named);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    /** The layout holds exactly the platform's manifest, config and layers, each intact. */
    void assertHolds(String tag, SampleImage.Platform platform, Command.Result copy) {
        assertEquals(platform.manifest(), tagged(tag), "copied the wrong manifest for " + platform.name() + "\n" + copy.describe());
        assertArrayEquals(platform.manifestBytes(), blob(platform.manifest()), "manifest bytes changed in transit\n" + copy.describe());
        var expected = new HashSet<>(platform.blobs());
        expected.add(platform.manifest());
        assertEquals(expected, verifiedBlobs(), "blobs of " + platform.name() + "\n" + copy.describe());
    }

    private Path blobPath(Digest digest) {
        return dir.resolve("blobs").resolve("sha256").resolve(digest.value().substring("sha256:".length()));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
