package dev.ecrpublic.e2e;

import dev.ecrpublic.local.ecr.ImageStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.ecrpublic.e2e.CrossRegistryFixture.drRegion;
import static dev.ecrpublic.e2e.CrossRegistryFixture.imagesAccount;
import static dev.ecrpublic.e2e.CrossRegistryFixture.tag;
import static dev.ecrpublic.e2e.CrossRegistryFixture.waitOutTheTagCache;

/** containerd's {@code ctr} pulls of a second account's and a second region's images, and of a tag-granted one. */
class CrossRegistryContainerdTest extends ContainerdTokenAuthTest {
    @Override
    TokenRegistry startRegistry() throws IOException {
        return CrossRegistryFixture.start();
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

    private void assertPulled(String repository, ImageStore store, String storedAs, String user) {
        RealClients.assertCtrPulled(registry.latest(repository), user, SampleImage.read(store, storedAs, "latest"));
    }
}
