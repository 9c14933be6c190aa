package dev.ecrpublic.e2e;

import dev.ecrpublic.authorizer.authn.OidcTestIssuer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workload identity with a real Docker engine: a CI job's OIDC token is the password of {@code docker login}, and the
 * policy's rules turn its claims into repositories. The issuer is a JWKS server on loopback minting its own tokens.
 */
class TokenAuthOidcTest extends DockerEngineTokenAuthTest {
    private static final String AUDIENCE = "ecr-public";
    private OidcTestIssuer issuer;

    @Override
    TokenRegistry startRegistry() throws IOException {
        issuer = OidcTestIssuer.start();
        String policy = """
                {"oidc": [{"issuer": "%s", "audience": "%s", "jwksUri": "%s",
                           "rules": [{"claims": {"repository_owner": "acme"}, "repositories": ["acme/*"]}]}]}"""
                .formatted(issuer.issuer(), AUDIENCE, issuer.jwksUri());
        return TokenRegistry.start(Optional.of(policy), "acme/app", "other/app");
    }

    @Override
    void closeOthers() {
        if (issuer != null) issuer.close();
    }

    @Test
    void tokenOfTheOwnerPullsItsRepositories() {
        docker.login(registry.hostPort(), "oidc", jobToken("acme", AUDIENCE))
                .assertOk(RealClients.dockerdLog(registry.hostPort()));
        assertFalse(docker.auth(registry.hostPort()).path("identitytoken").asText().isBlank(),
                "no refresh token stored: " + docker.describe());

        docker.pull(registry.latest("acme/app")).assertOk(RealClients.dockerdLog(registry.hostPort()));
        var inspect = docker.docker("image", "inspect", "--format", "{{.Id}}", registry.latest("acme/app")).run().assertOk();
        assertEquals(enginePlatform.config().value(), inspect.out().trim(), inspect.describe());

        docker.pull(registry.latest("other/app")).assertRefused("denied", "unauthorized");
        docker.docker("logout", registry.hostPort()).run().assertOk();
        assertTrue(docker.auth(registry.hostPort()).isMissingNode(), "logout left credentials: " + docker.describe());
    }

    /** A valid token from the trusted issuer authenticates, but no rule matches its owner: it grants nothing. */
    @Test
    void tokenOfAnotherOwnerCannotPull() {
        docker.login(registry.hostPort(), "oidc", jobToken("mallory", AUDIENCE)).assertOk();
        docker.pull(registry.latest("acme/app")).assertRefused("denied", "unauthorized");
        assertFalse(docker.docker("image", "inspect", registry.latest("acme/app")).run().ok(), "acme/app was pulled");
        docker.docker("logout", registry.hostPort()).run().assertOk();
    }

    @Test
    void tokenForAnotherAudienceCannotLogIn() {
        docker.login(registry.hostPort(), "oidc", jobToken("acme", "sts.amazonaws.com")).assertRefused("unauthorized");
        assertTrue(docker.auth(registry.hostPort()).isMissingNode(), "a failed login stored credentials: " + docker.describe());
    }

    /** What a CI system would hand a job: its repository's owner as a claim, valid for five minutes. */
    private String jobToken(String owner, String audience) {
        return issuer.mint(issuer.claims("repo:" + owner + "/app:ref:refs/heads/main", audience, Instant.now(),
                Map.of("repository_owner", owner)).build());
    }
}
