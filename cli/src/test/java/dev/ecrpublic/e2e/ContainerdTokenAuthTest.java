package dev.ecrpublic.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;

/**
 * What containerd's token-auth tests share: one registry per class (started only when containerd is there), and an
 * empty test namespace before each test and after the class, since content already there is never fetched again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerdTokenAuthTest {
    static final RealClients.Availability CLIENT = RealClients.containerd();

    TokenRegistry registry;

    /** The registry this class pulls from. */
    abstract TokenRegistry startRegistry() throws IOException;

    @BeforeAll
    final void start() throws IOException {
        if (CLIENT.ok()) registry = startRegistry();
    }

    @BeforeEach
    final void emptyNamespace() {
        CLIENT.require();
        RealClients.removeContainerdImages();
    }

    @AfterAll
    final void cleanUp() {
        if (registry == null) return;
        try {
            RealClients.removeContainerdImages();
        } finally {
            registry.close();
        }
    }

    Command.Result pull(String repository, String user) {
        return RealClients.ctr(RealClients.ctrPullArgs(registry.latest(repository), user)).run();
    }
}
