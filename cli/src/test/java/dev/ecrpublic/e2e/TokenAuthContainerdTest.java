package dev.ecrpublic.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * containerd through the token handshake, its own dialect: no /v2/ ping (the challenge comes on the first HEAD), and
 * with {@code --user} a {@code POST grant_type=password} (several scopes go space-separated in one parameter). A denied
 * manifest reads as "403 forbidden" in ctr's error, an unknown credential as "401 unauthorized".
 */
class TokenAuthContainerdTest extends ContainerdTokenAuthTest {
    @Override
    TokenRegistry startRegistry() throws IOException {
        return TokenRegistry.start(Optional.of(TokenRegistry.PUBLIC_POLICY), "public/app", "private/app", "other/app");
    }

    @Test
    void anonymousPullOfAPublicRepository() {
        assertPulled("public/app", null);
    }

    @Test
    void anonymousPullOfAPrivateRepositoryIsDenied() {
        pull("private/app", null).assertRefused("denied", "unauthorized", "forbidden");
        assertNotPulled("private/app");
    }

    @Test
    void userAndSecretPullAPrivateRepository() {
        assertPulled("private/app", "ctr-bot:" + registry.issue("ctr-bot", "private/*"));
    }

    @Test
    void repositoryOutsideTheCredentialsPatternsIsDenied() {
        String user = "narrow:" + registry.issue("narrow", "private/*");
        pull("other/app", user).assertRefused("denied", "unauthorized", "forbidden");
        assertNotPulled("other/app");
    }

    @Test
    void revokedCredentialIsRefused() {
        String user = "leaver:" + registry.issue("leaver", "private/*");
        registry.revoke("leaver");
        pull("private/app", user).assertRefused("denied", "unauthorized", "forbidden");
        assertNotPulled("private/app");
    }

    /** Pulls (linux/arm64, whatever the host) and checks the index digest and the platform's blobs arrived. */
    private void assertPulled(String repository, String user) {
        RealClients.assertCtrPulled(registry.latest(repository), user, registry.image(repository));
    }

    private void assertNotPulled(String repository) {
        assertEquals(Optional.empty(), RealClients.ctrListedDigest(registry.latest(repository)),
                repository + " is listed although its pull was refused");
    }
}
