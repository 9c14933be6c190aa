package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Docker engine through the token handshake. The engine logs in with {@code GET /token?offline_token=true} and
 * Basic credentials, the CLI keeps only the refresh token it got back, and every later pull trades that refresh token
 * for an access token by POST: so a pull after login works only if the refresh path does, and a revocation must stop
 * it. Each test has its own CLI config directory (never the machine's ~/.docker).
 */
class TokenAuthDockerTest extends DockerEngineTokenAuthTest {
    @Override
    TokenRegistry startRegistry() throws IOException {
        return TokenRegistry.start(Optional.of(TokenRegistry.PUBLIC_POLICY),
                "public/app", "private/app", "private/second", "other/app");
    }

    @ParameterizedTest
    @ValueSource(strings = {"public/app", "hello"})
    void anonymousPullOfAPublicRepository(String repository) {
        pulled(registry.latest(repository));
    }

    @Test
    void anonymousPullOfAPrivateRepositoryIsDenied() {
        String reference = registry.latest("private/app");
        docker.pull(reference).assertRefused("denied", "unauthorized");
        assertNotPulled(reference);
    }

    @Test
    void loginKeepsOnlyARefreshTokenAndPullsWithIt() {
        String secret = registry.issue("ci-bot", "private/*");
        docker.login(registry.hostPort(), "ci-bot", secret).assertOk(RealClients.dockerdLog(registry.hostPort()));

        // With an identity token the CLI stores the user name and no password, and hands the engine only the token:
        // the pulls below can authenticate by nothing but the refresh grant.
        JsonNode stored = docker.auth(registry.hostPort());
        assertFalse(stored.path("identitytoken").asText().isBlank(), "no refresh token stored: " + docker.describe());
        assertEquals("ci-bot:", DockerConfig.decodedAuth(stored), "the CLI kept a password: " + docker.describe());

        pulled(registry.latest("private/app"));
        pulled(registry.latest("private/second"));

        docker.docker("logout", registry.hostPort()).run().assertOk();
        assertTrue(docker.auth(registry.hostPort()).isMissingNode(), "logout left credentials: " + docker.describe());
        RealClients.removeDockerImages(registry.hello());
        docker.pull(registry.latest("private/app")).assertRefused("denied", "unauthorized");
    }

    @Test
    void repositoryOutsideTheCredentialsPatternsIsDenied() {
        String secret = registry.issue("app-only", "private/app");
        docker.login(registry.hostPort(), "app-only", secret).assertOk();
        for (String repository : new String[] {"private/second", "other/app"}) {
            docker.pull(registry.latest(repository)).assertRefused("denied", "unauthorized");
            assertNotPulled(registry.latest(repository));
        }
        pulled(registry.latest("private/app"));
        docker.docker("logout", registry.hostPort()).run().assertOk();
    }

    @Test
    void wrongPasswordLoginFailsAndStoresNothing() {
        registry.issue("careful", "private/*");
        docker.login(registry.hostPort(), "careful", "ecrp_not-the-secret").assertRefused("unauthorized");
        assertTrue(docker.auth(registry.hostPort()).isMissingNode(), "a failed login stored credentials: " + docker.describe());
    }

    /**
     * The engine logged in before the revocation and still holds a refresh token: the next pull must fail, because
     * the token endpoint re-checks the credential (same name, same id) on every refresh.
     */
    @Test
    void revokedCredentialCannotPullWithItsRefreshToken() {
        String secret = registry.issue("leaver", "private/*");
        docker.login(registry.hostPort(), "leaver", secret).assertOk();
        pulled(registry.latest("private/app"));
        RealClients.removeDockerImages(registry.hello());

        registry.revoke("leaver");
        // A reference never pulled before: no access token for it can sit in any cache.
        docker.pull(registry.latest("private/second")).assertRefused("denied", "unauthorized");
        assertNotPulled(registry.latest("private/second"));
        docker.pull(registry.latest("private/app")).assertRefused("denied", "unauthorized");
        assertNotPulled(registry.latest("private/app"));

        // Re-issuing the same name makes a new id: the old refresh token stays dead, the old secret too.
        registry.issue("leaver", "private/*");
        docker.pull(registry.latest("private/app")).assertRefused("denied", "unauthorized");
        docker.login(registry.hostPort(), "leaver", secret).assertRefused("unauthorized");
        docker.docker("logout", registry.hostPort()).run().assertOk();
    }

    /** Pulls, then checks the engine really has the sample's image for its own platform under that reference. */
    private void pulled(String reference) {
        docker.pull(reference).assertOk(RealClients.dockerdLog(registry.hostPort()));
        var inspect = docker.docker("image", "inspect", "--format", "{{.Id}}", reference).run().assertOk();
        assertEquals(enginePlatform.config().value(), inspect.out().trim(), inspect.describe());
    }

    private void assertNotPulled(String reference) {
        var inspect = docker.docker("image", "inspect", reference).run();
        assertFalse(inspect.ok(), "the engine has " + reference + " although its pull was refused\n" + inspect.describe());
    }
}
