package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecrpublic.local.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Docker engine pulling the sample image. 127.0.0.0/8 is an insecure registry by default, so the engine
 * speaks plain HTTP to the local registry without any daemon configuration.
 */
class DockerPullTest {
    private static final RealClients.Availability CLIENT = RealClients.dockerEngine();
    private static LocalRegistry registry;
    private static SampleImage hello;
    private static SampleImage.Platform enginePlatform;
    private static SampleImage.Platform otherPlatform;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null));
        hello = SampleImage.servedBy(registry);
        enginePlatform = RealClients.dockerEnginePlatform(hello);
        otherPlatform = hello.platform("linux", enginePlatform.architecture().equals("arm64") ? "amd64" : "arm64");
    }

    /**
     * An engine that already has an image skips downloading its blobs, which would let a broken blob endpoint
     * pass; removing the sample's image IDs (config digests) before each test forces a real pull.
     */
    @BeforeEach
    void forgetSampleImages() {
        CLIENT.require();
        removeSampleImages();
    }

    @AfterAll
    static void cleanUp() {
        try {
            removeSampleImages();
        } finally {
            if (registry != null) registry.close();
        }
    }

    private static void removeSampleImages() {
        if (hello != null) RealClients.removeDockerImages(hello);
    }

    @Test
    void pullByTagRecordsTheIndexDigest() {
        String tagged = registry.hostPort() + "/hello:latest";
        pull(tagged);
        JsonNode image = inspect(tagged);
        assertEquals(enginePlatform.config().value(), image.path("Id").asText(), "image ID should be the " + enginePlatform.name() + " config digest: " + image);
        assertTrue(SampleImage.texts(image.path("RepoDigests")).contains(registry.hostPort() + "/hello@" + hello.index().value()),
                "RepoDigests should name the index digest: " + image.path("RepoDigests"));
    }

    @Test
    void pullByIndexDigest() {
        String pinned = registry.hostPort() + "/hello@" + hello.index().value();
        pull(pinned);
        JsonNode image = inspect(pinned);
        assertEquals(enginePlatform.config().value(), image.path("Id").asText(), "image ID should be the " + enginePlatform.name() + " config digest: " + image);
        assertTrue(SampleImage.texts(image.path("RepoDigests")).contains(pinned), "RepoDigests should name " + pinned + ": " + image.path("RepoDigests"));
    }

    @Test
    void pullAnotherPlatform() {
        String tagged = registry.hostPort() + "/hello:latest";
        pull("--platform", otherPlatform.name(), tagged);
        JsonNode image = inspect(tagged);
        assertEquals(otherPlatform.config().value(), image.path("Id").asText(), "image ID should be the " + otherPlatform.name() + " config digest: " + image);
        assertEquals(otherPlatform.architecture(), image.path("Architecture").asText(), image.toString());
    }

    private static void pull(String... args) {
        var all = new ArrayList<>(List.of("pull"));
        all.addAll(List.of(args));
        RealClients.docker(all.toArray(String[]::new)).run().assertOk(RealClients.dockerdLog(registry.hostPort()));
    }

    private static JsonNode inspect(String reference) {
        var result = RealClients.docker("image", "inspect", "--format", "{{json .}}", reference).run().assertOk();
        return SampleImage.parse(result.stdout());
    }
}
