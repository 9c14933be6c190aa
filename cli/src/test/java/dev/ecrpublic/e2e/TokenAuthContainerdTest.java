package dev.ecrpublic.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * containerd through the token handshake, its own dialect: no /v2/ ping (the challenge comes on the first HEAD), and
 * with {@code --user} a {@code POST grant_type=password} (several scopes go space-separated in one parameter). A denied
 * manifest reads as "403 forbidden" in ctr's error, an unknown credential as "401 unauthorized".
 */
class TokenAuthContainerdTest {
    private static final RealClients.Availability CLIENT = RealClients.containerd();
    private static TokenRegistry registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = TokenRegistry.start(Optional.of(TokenRegistry.PUBLIC_POLICY), "public/app", "private/app", "other/app");
    }

    /** Content already in the namespace is never fetched again, so each test starts from an empty namespace. */
    @BeforeEach
    void emptyNamespace() {
        CLIENT.require();
        RealClients.removeContainerdImages();
    }

    @AfterAll
    static void cleanUp() {
        if (registry == null) return;
        try {
            RealClients.removeContainerdImages();
        } finally {
            registry.close();
        }
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
    private static void assertPulled(String repository, String user) {
        RealClients.assertCtrPulled(registry.latest(repository), user, registry.image(repository));
    }

    private static void assertNotPulled(String repository) {
        assertEquals(Optional.empty(), RealClients.ctrListedDigest(registry.latest(repository)),
                repository + " is listed although its pull was refused");
    }

    private static Command.Result pull(String repository, String user) {
        return RealClients.ctr(RealClients.ctrPullArgs(registry.latest(repository), user)).run();
    }
}
