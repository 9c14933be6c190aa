package dev.ecrpublic.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token auth deployed with no access policy at all: the anonymous fallback. The handshake still runs (challenge, token,
 * bearer), and every repository is pullable without a login, as before auth existed.
 */
class TokenAuthFallbackTest {
    private static final RealClients.Availability CLIENT = RealClients.dockerEngine();
    private static TokenRegistry registry;
    private static SampleImage.Platform enginePlatform;

    private DockerConfig docker;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = TokenRegistry.start(Optional.empty(), "private/app", "team/deep/app");
        enginePlatform = RealClients.dockerEnginePlatform(registry.hello());
    }

    @BeforeEach
    void forgetSampleImages(@TempDir Path config) {
        CLIENT.require();
        RealClients.removeDockerImages(registry.hello());
        docker = new DockerConfig(config);
    }

    @AfterAll
    static void cleanUp() {
        if (registry == null) return;
        try {
            RealClients.removeDockerImages(registry.hello());
        } finally {
            registry.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "private/app", "team/deep/app"})
    void anyRepositoryPullsWithoutLogin(String repository) {
        String reference = registry.latest(repository);
        docker.pull(reference).assertOk(RealClients.dockerdLog(registry.hostPort()));
        var inspect = docker.docker("image", "inspect", "--format", "{{.Id}}", reference).run().assertOk();
        assertEquals(enginePlatform.config().value(), inspect.out().trim(), inspect.describe());
        assertTrue(docker.auth(registry.hostPort()).isMissingNode(), "nothing logged in: " + docker.describe());
    }
}
