package dev.ecrpublic.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static dev.ecrpublic.e2e.CrossRegistryFixture.imagesAccount;
import static dev.ecrpublic.e2e.CrossRegistryFixture.tag;
import static dev.ecrpublic.e2e.CrossRegistryFixture.waitOutTheTagCache;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Docker engine pulls through {@code serve} images of a second account and a second region, and, logged in, a
 * repository a tag grants to its credential: through the refresh-token POST the engine uses after {@code docker login}.
 */
class CrossRegistryDockerTest extends DockerEngineTokenAuthTest {
    @Override
    TokenRegistry startRegistry() throws IOException {
        return CrossRegistryFixture.start();
    }

    /** One repository per test: the engine removes the sample's image before each, so every blob is fetched. */
    @ParameterizedTest
    @ValueSource(strings = {"prod/app", "dr/replica"})
    void anonymousPullsFromASecondAccountAndASecondRegion(String repository) {
        pulled(registry.latest(repository));
    }

    @Test
    void aLoggedInCredentialPullsWhatATagGrantsIt() {
        String secret = registry.issue("tagged-bot", "nothing/*");
        tag(imagesAccount(registry), "team", "tagged-bot");
        waitOutTheTagCache();
        docker.pull(registry.latest("prod/team")).assertRefused("denied", "unauthorized");
        docker.login(registry.hostPort(), "tagged-bot", secret).assertOk(RealClients.dockerdLog(registry.hostPort()));
        pulled(registry.latest("prod/team"));
        docker.docker("logout", registry.hostPort()).run().assertOk();
    }

    private void pulled(String reference) {
        docker.pull(reference).assertOk(RealClients.dockerdLog(registry.hostPort()));
        var inspect = docker.docker("image", "inspect", "--format", "{{.Id}}", reference).run().assertOk();
        assertEquals(enginePlatform.config().value(), inspect.out().trim(), inspect.describe());
    }
}
