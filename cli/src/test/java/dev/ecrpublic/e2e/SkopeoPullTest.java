package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** skopeo (containers/image) pulling the sample image over plain HTTP, checked against the registry's own store. */
class SkopeoPullTest {
    private static final RealClients.Availability CLIENT = RealClients.skopeo();
    private static LocalRegistry registry;
    private static SampleImage hello;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null));
        hello = SampleImage.servedBy(registry);
    }

    @BeforeEach
    void requireSkopeo() {
        CLIENT.require();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) registry.close();
    }

    @Test
    void inspectReportsTheIndexDigestTagAndPlatformLayers() {
        // The platform is pinned so the expected layers do not depend on the machine running the test.
        var result = skopeo("inspect", "--tls-verify=false", "--override-os", "linux", "--override-arch", "amd64",
                source(registry, "hello:latest")).run().assertOk();
        JsonNode json = SampleImage.parse(result.stdout());
        SampleImage.Platform amd64 = hello.platform("linux", "amd64");
        assertEquals(registry.hostPort() + "/hello", json.path("Name").asText(), result.describe());
        assertEquals(hello.index().value(), json.path("Digest").asText(), result.describe());
        assertTrue(SampleImage.texts(json.path("RepoTags")).contains("latest"), result.describe());
        assertEquals("amd64", json.path("Architecture").asText(), result.describe());
        assertEquals(amd64.layers().stream().map(Digest::value).toList(), SampleImage.texts(json.path("Layers")), result.describe());
    }

    @Test
    void rawInspectReturnsTheIndexByteForByte() {
        var result = skopeo("inspect", "--tls-verify=false", "--raw", source(registry, "hello:latest")).run().assertOk();
        assertEquals(hello.index(), Digest.sha256Of(result.stdout()), result.describe());
        assertArrayEquals(hello.indexBytes(), result.stdout(), result.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void copiesEachPlatformIntoAnOciLayout(String architecture, @TempDir Path out) {
        var result = skopeo("copy", "--src-tls-verify=false", "--override-arch", architecture, "--override-os", "linux",
                source(registry, "hello:latest"), "oci:" + out + ":latest").run().assertOk();
        assertCopied(new OciLayout(out), "latest", hello.platform("linux", architecture), result);
    }

    @Test
    void pullsByIndexDigestAndByPlatformManifestDigest(@TempDir Path out) {
        var copy = skopeo("copy", "--src-tls-verify=false", "--override-arch", "arm64", "--override-os", "linux",
                source(registry, "hello@" + hello.index().value()), "oci:" + out + ":pinned").run().assertOk();
        assertCopied(new OciLayout(out), "pinned", hello.platform("linux", "arm64"), copy);

        SampleImage.Platform amd64 = hello.platform("linux", "amd64");
        var raw = skopeo("inspect", "--tls-verify=false", "--raw", source(registry, "hello@" + amd64.manifest().value())).run().assertOk();
        assertArrayEquals(amd64.manifestBytes(), raw.stdout(), raw.describe());
    }

    @Test
    void servesAnOciLayoutFromAnImagesDirectory(@TempDir Path images, @TempDir Path out) throws IOException {
        // --all keeps the index itself, so the second registry must serve the very same index digest.
        Files.createDirectories(images.resolve("team"));
        var export = skopeo("copy", "--all", "--src-tls-verify=false", source(registry, "hello:latest"),
                "oci:" + images.resolve("team/copied") + ":v1").run().assertOk();
        assertEquals(hello.index(), new OciLayout(images.resolve("team/copied")).tagged("v1"), export.describe());

        try (var second = LocalRegistry.start(LocalRegistry.Options.loopback(images))) {
            assertEquals(hello.index(), second.images().resolveTag("team/copied", "v1").orElse(null),
                    "the second registry's store should hold the layout's tag; it has " + second.images().repositories());

            var raw = skopeo("inspect", "--tls-verify=false", "--raw", source(second, "team/copied:v1")).run().assertOk();
            assertArrayEquals(hello.indexBytes(), raw.stdout(), raw.describe());

            var inspect = skopeo("inspect", "--tls-verify=false", source(second, "team/copied:v1")).run().assertOk();
            JsonNode json = SampleImage.parse(inspect.stdout());
            assertEquals(hello.index().value(), json.path("Digest").asText(), inspect.describe());
            assertEquals(List.of("v1"), SampleImage.texts(json.path("RepoTags")), inspect.describe());

            var copy = skopeo("copy", "--src-tls-verify=false", "--override-arch", "arm64", "--override-os", "linux",
                    source(second, "team/copied:v1"), "oci:" + out + ":v1").run().assertOk();
            assertCopied(new OciLayout(out), "v1", hello.platform("linux", "arm64"), copy);
        }
    }

    private static void assertCopied(OciLayout layout, String tag, SampleImage.Platform platform, Command.Result copy) {
        layout.assertHolds(tag, platform, copy);
    }

    private static Command skopeo(String... args) {
        return RealClients.skopeoCommand(args);
    }

    private static String source(LocalRegistry target, String reference) {
        return "docker://" + target.hostPort() + "/" + reference;
    }
}
