package dev.ecrpublic.e2e;

import dev.ecrpublic.local.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.ecrpublic.e2e.CrossRegistryFixture.drRegion;
import static dev.ecrpublic.e2e.CrossRegistryFixture.imagesAccount;
import static dev.ecrpublic.e2e.CrossRegistryFixture.tag;
import static dev.ecrpublic.e2e.CrossRegistryFixture.waitOutTheTagCache;

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
        RealClients.assertCtrPulled(registry.latest(repository), user, SampleImage.read(store, storedAs, "latest"));
    }

    private static Command.Result pull(String repository, String user) {
        return RealClients.ctr(RealClients.ctrPullArgs(registry.latest(repository), user)).run();
    }
}
