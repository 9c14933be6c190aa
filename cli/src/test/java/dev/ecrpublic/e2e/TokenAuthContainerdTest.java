package dev.ecrpublic.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        var result = pull(repository, user);
        if (!result.ok()) result.assertOk(RealClients.ctrHttpDump(pullArgs(repository, user)));
        SampleImage image = registry.image(repository);
        assertEquals(Optional.of(image.index()), RealClients.ctrListedDigest(registry.latest(repository)), result.describe());
        var content = RealClients.ctr("content", "ls", "--quiet").run().assertOk();
        for (var blob : image.platform("linux", "arm64").blobs())
            assertTrue(content.out().contains(blob.value()), "blob " + blob + " not fetched\n" + content.describe());
    }

    private static void assertNotPulled(String repository) {
        assertEquals(Optional.empty(), RealClients.ctrListedDigest(registry.latest(repository)),
                repository + " is listed although its pull was refused");
    }

    private static Command.Result pull(String repository, String user) {
        return RealClients.ctr(pullArgs(repository, user)).run();
    }

    /** @param user {@code name:secret}, or null for an anonymous pull */
    private static String[] pullArgs(String repository, String user) {
        var args = new ArrayList<>(List.of("images", "pull", "--plain-http", "--snapshotter", "native",
                "--platform", "linux/arm64"));
        if (user != null) args.addAll(List.of("--user", user));
        args.add(registry.latest(repository));
        return args.toArray(String[]::new);
    }
}
