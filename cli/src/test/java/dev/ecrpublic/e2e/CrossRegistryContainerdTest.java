package dev.ecrpublic.e2e;

import dev.ecrpublic.local.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.ecrpublic.e2e.CrossRegistryFixture.drRegion;
import static dev.ecrpublic.e2e.CrossRegistryFixture.imagesAccount;
import static dev.ecrpublic.e2e.CrossRegistryFixture.tag;
import static dev.ecrpublic.e2e.CrossRegistryFixture.waitOutTheTagCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** containerd's {@code ctr} pulls of a second account's and a second region's images, and of a tag-granted one. */
class CrossRegistryContainerdTest {
    private static final RealClients.Availability CLIENT = RealClients.containerd();
    private static TokenRegistry registry;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = CrossRegistryFixture.start();
    }

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
    void anonymousPullFromASecondAccount() {
        assertPulled("prod/app", imagesAccount(registry), "app", null);
    }

    @Test
    void anonymousPullFromASecondRegion() {
        assertPulled("dr/replica", drRegion(registry), "replica", null);
    }

    @Test
    void aTagNamingTheCredentialLetsItPull() {
        String user = "ctr-tagged:" + registry.issue("ctr-tagged", "nothing/*");
        tag(imagesAccount(registry), "team", "ctr-tagged");
        waitOutTheTagCache();
        pull("prod/team", null).assertRefused("denied", "unauthorized", "forbidden");
        assertPulled("prod/team", imagesAccount(registry), "team", user);
    }

    private static void assertPulled(String repository, ImageStore store, String storedAs, String user) {
        var result = pull(repository, user);
        if (!result.ok()) result.assertOk(RealClients.ctrHttpDump(pullArgs(repository, user)));
        SampleImage image = SampleImage.read(store, storedAs, "latest");
        assertEquals(Optional.of(image.index()), RealClients.ctrListedDigest(registry.latest(repository)), result.describe());
        var content = RealClients.ctr("content", "ls", "--quiet").run().assertOk();
        for (var blob : image.platform("linux", "arm64").blobs())
            assertTrue(content.out().contains(blob.value()), "blob " + blob + " not fetched\n" + content.describe());
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
