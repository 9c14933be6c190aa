package dev.ecrpublic.e2e;

import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * containerd's resolver is the strictest common client: no /v2/ ping, a single comma-joined Accept header, and a
 * HEAD answered with Content-Length 0 is a failure. The native snapshotter unpacks without overlayfs or privileges
 * beyond the daemon's own, and unpacking never runs the image, so a foreign platform unpacks fine too.
 */
class ContainerdPullTest {
    private static final RealClients.Availability CLIENT = RealClients.containerd();
    private static LocalRegistry registry;
    private static SampleImage hello;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null));
        hello = SampleImage.servedBy(registry);
    }

    /** Content already in the namespace is never fetched again, so each test starts from an empty namespace. */
    @BeforeEach
    void emptyNamespace() {
        CLIENT.require();
        removeAllImages();
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (registry != null) removeAllImages();
        } finally {
            if (registry != null) registry.close();
        }
    }

    @Test
    void pullByTagRecordsTheIndexDigest() {
        // No --platform: the plain command people type, which picks the host's platform.
        String tagged = registry.hostPort() + "/hello:latest";
        pull(tagged, null);
        assertEquals(hello.index(), listedDigest(tagged));
        assertFetched(hello.platform("linux", hostArchitecture()));
    }

    @Test
    void pullArm64ByTag() {
        String tagged = registry.hostPort() + "/hello:latest";
        pull(tagged, "linux/arm64");
        assertEquals(hello.index(), listedDigest(tagged));
        assertFetched(hello.platform("linux", "arm64"));
    }

    @Test
    void pullByIndexDigest() {
        String pinned = registry.hostPort() + "/hello@" + hello.index().value();
        pull(pinned, "linux/amd64");
        assertEquals(hello.index(), listedDigest(pinned));
        assertFetched(hello.platform("linux", "amd64"));
    }

    /** A null platform leaves the choice to ctr (the host's platform). */
    private static void pull(String reference, String platform) {
        var args = new ArrayList<>(List.of("images", "pull", "--plain-http", "--snapshotter", "native"));
        if (platform != null) args.addAll(List.of("--platform", platform));
        args.add(reference);
        var result = RealClients.ctr(args.toArray(String[]::new)).run();
        if (!result.ok()) result.assertOk(RealClients.ctrHttpDump(args.toArray(String[]::new)));
    }

    /** What `ctr images ls` says the reference points at. */
    private static Digest listedDigest(String reference) {
        return RealClients.ctrListedDigest(reference)
                .orElseThrow(() -> new AssertionError("`ctr images ls` does not list " + reference));
    }

    /** The platform's manifest, config and layers are in the content store, byte-exact where we can compare. */
    private static void assertFetched(SampleImage.Platform platform) {
        var manifest = RealClients.ctr("content", "get", platform.manifest().value()).run().assertOk();
        assertArrayEquals(platform.manifestBytes(), manifest.stdout(), manifest.describe());
        var content = RealClients.ctr("content", "ls", "--quiet").run().assertOk();
        for (Digest blob : platform.blobs()) {
            assertTrue(content.out().contains(blob.value()), platform.name() + " blob " + blob + " not fetched\n" + content.describe());
        }
    }

    /** Go's name for the JVM's architecture, as ctr uses it for its default platform. */
    private static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static void removeAllImages() {
        RealClients.removeContainerdImages();
    }
}
