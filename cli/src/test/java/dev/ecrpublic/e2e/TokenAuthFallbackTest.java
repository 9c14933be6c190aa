package dev.ecrpublic.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token auth deployed with no access policy at all: the anonymous fallback. The handshake still runs (challenge, token,
 * bearer), and every repository is pullable without a login, as before auth existed.
 */
class TokenAuthFallbackTest extends DockerEngineTokenAuthTest {
    @Override
    TokenRegistry startRegistry() throws IOException {
        return TokenRegistry.start(Optional.empty(), "private/app", "team/deep/app");
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
