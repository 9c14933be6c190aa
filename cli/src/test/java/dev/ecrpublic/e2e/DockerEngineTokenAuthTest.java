package dev.ecrpublic.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the Docker engine's token-auth tests share: one registry per class (started only when an engine is there),
 * the sample images removed before each test and after the class so every pull is a real one, and a CLI config
 * directory of each test's own (never the machine's ~/.docker).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerEngineTokenAuthTest {
    static final RealClients.Availability CLIENT = RealClients.dockerEngine();

    TokenRegistry registry;
    SampleImage.Platform enginePlatform;
    DockerConfig docker;

    /** The registry this class pulls from. */
    abstract TokenRegistry startRegistry() throws IOException;

    /** Anything else the class started, closed after the registry. */
    void closeOthers() {
    }

    @BeforeAll
    final void start() throws IOException {
        if (!CLIENT.ok()) return;
        registry = startRegistry();
        enginePlatform = RealClients.dockerEnginePlatform(registry.hello());
    }

    @BeforeEach
    final void forgetSampleImages(@TempDir Path config) {
        CLIENT.require();
        RealClients.removeDockerImages(registry.hello());
        docker = new DockerConfig(config);
    }

    @AfterAll
    final void cleanUp() {
        try {
            if (registry != null) RealClients.removeDockerImages(registry.hello());
        } finally {
            if (registry != null) registry.close();
            closeOthers();
        }
    }
}
