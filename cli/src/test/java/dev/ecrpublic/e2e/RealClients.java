package dev.ecrpublic.e2e;

import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Assumptions;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finds the real clients and daemons these tests drive. A developer without them gets each test aborted with the
 * reason; in CI (CI=true) a missing one fails the test, because a silently skipped end-to-end suite proves nothing.
 */
final class RealClients {
    static final String CONTAINERD_NAMESPACE = "ecr-public-test";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final String START_HINT =
            "start one with `eval \"$(.ci/dockerd start)\"` from the repository root (stop it with `.ci/dockerd stop`)";
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    /**
     * Whether a client can be used, and if not, why. Tests check it per test rather than once per class: Surefire
     * reports neither the count nor the reason of a class aborted in @BeforeAll, so nobody would see why.
     */
    record Availability(String problem) {
        boolean ok() {
            return problem == null;
        }

        void require() {
            if (ok()) return;
            if ("true".equals(System.getenv("CI"))) fail(problem + "\n(CI=true: these end-to-end tests must run, not skip)");
            announceOnce(problem);
            Assumptions.abort(problem);
        }
    }

    /**
     * Surefire sends System.err to report files and prints no abort reasons, so the reason goes to the fork's real
     * stderr, which Maven shows; once per reason, not once per test.
     */
    private static void announceOnce(String problem) {
        if (!ANNOUNCED.add(problem)) return;
        var console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        console.println("[e2e] SKIPPED, real client unavailable: " + problem);
    }

    private RealClients() {}

    /** Debian's python3 with prometheus_client, whose parser reads /metrics as Prometheus would. */
    static Availability prometheusParser() {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) return new Availability("/usr/bin/python3 not found; install it with `apt-get install python3-prometheus-client`");
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c", "import prometheus_client.parser")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS) && probe.exitValue() == 0) return new Availability(null);
        } catch (IOException e) {
            return new Availability("/usr/bin/python3 could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Availability("python3's prometheus_client is missing; install it with `apt-get install python3-prometheus-client`");
    }

    /** Debian's chromium, driven headless by the gallery's browser test. */
    static Availability chromium() {
        return Files.isExecutable(Path.of(ChromiumSession.BINARY)) ? new Availability(null)
                : new Availability(ChromiumSession.BINARY + " not found; install it with `apt-get install chromium`");
    }

    static Availability skopeo() {
        return binary("skopeo", "install it with `apt-get install skopeo`");
    }

    static Availability dockerEngine() {
        var binary = binary("docker", "install it with `apt-get install docker.io`");
        if (!binary.ok()) return binary;
        var probe = docker("info", "--format", "{{json .DriverStatus}}").withTimeout(PROBE_TIMEOUT).run();
        if (!probe.ok()) {
            return new Availability("docker engine not reachable at " + dockerHost() + " (DOCKER_HOST); " + START_HINT + "\n" + probe.describe());
        }
        // With the containerd image store an image's ID is the index digest, not the platform's config digest, and
        // the tests' assertions and clean-up are written for the classic store that Debian's docker.io has.
        if (probe.out().contains("io.containerd.snapshotter")) {
            return new Availability("docker engine at " + dockerHost() + " uses the containerd image store; DockerPullTest needs the classic one; "
                    + START_HINT);
        }
        return new Availability(null);
    }

    static Availability containerd() {
        var binary = binary("ctr", "install it with `apt-get install containerd` (docker.io brings it)");
        if (!binary.ok()) return binary;
        String address = containerdAddress();
        String where = "containerd not reachable at " + address + " (CONTAINERD_ADDRESS); " + START_HINT;
        // ctr waits out a long dial timeout on a missing socket; a missing file needs no waiting to explain.
        if (!Files.exists(Path.of(address))) return new Availability(where + "\n(no such socket)");
        var probe = Command.of("ctr", "--address", address, "version").withTimeout(PROBE_TIMEOUT).run();
        return probe.ok() ? new Availability(null) : new Availability(where + "\n" + probe.describe());
    }

    static String dockerHost() {
        return envOr("DOCKER_HOST", "unix:///var/run/docker.sock");
    }

    static String containerdAddress() {
        return envOr("CONTAINERD_ADDRESS", "/run/containerd/containerd.sock");
    }

    /** The docker CLI pointed at exactly the engine that was probed, whatever the CLI's own context says. */
    static Command docker(String... args) {
        return Command.of(prefixed(List.of("docker", "--host", dockerHost()), args));
    }

    static Command ctr(String... args) {
        return Command.of(prefixed(List.of("ctr", "--address", containerdAddress(), "--namespace", CONTAINERD_NAMESPACE), args));
    }

    /** --debug puts skopeo's request log on stderr, which only shows up when a test fails. */
    static Command skopeoCommand(String... args) {
        return Command.of(prefixed(List.of("skopeo", "--insecure-policy", "--debug"), args));
    }

    /**
     * The same {@code ctr images pull ...} again with --http-dump: every request and response, the evidence that tells
     * a registry bug from a client one.
     */
    static String ctrHttpDump(String... pullArgs) {
        var dumped = new ArrayList<>(List.of(pullArgs));
        dumped.add(2, "--http-dump");
        return "\n--- the same pull again with --http-dump ---\n" + ctr(dumped.toArray(String[]::new)).run().describe();
    }

    /**
     * {@code ctr images pull} of the linux/arm64 image (whatever the host) over plain HTTP, with {@code --user} unless
     * {@code user} ({@code name:secret}) is null.
     */
    static String[] ctrPullArgs(String reference, String user) {
        var args = new ArrayList<>(List.of("images", "pull", "--plain-http", "--snapshotter", "native",
                "--platform", "linux/arm64"));
        if (user != null) args.addAll(List.of("--user", user));
        args.add(reference);
        return args.toArray(String[]::new);
    }

    /** Pulls as {@link #ctrPullArgs} and checks the index digest was listed and the platform's blobs all arrived. */
    static void assertCtrPulled(String reference, String user, SampleImage image) {
        String[] args = ctrPullArgs(reference, user);
        var result = ctr(args).run();
        if (!result.ok()) result.assertOk(ctrHttpDump(args));
        assertEquals(Optional.of(image.index()), ctrListedDigest(reference), result.describe());
        var content = ctr("content", "ls", "--quiet").run().assertOk();
        for (var blob : image.platform("linux", "arm64").blobs())
            assertTrue(content.out().contains(blob.value()), "blob " + blob + " not fetched\n" + content.describe());
    }

    /** The digest `ctr images ls` says a reference points at (REF TYPE DIGEST ... columns); empty when not listed. */
    static Optional<Digest> ctrListedDigest(String reference) {
        var listing = ctr("images", "ls").run().assertOk();
        for (String line : listing.out().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 3 && columns[0].equals(reference)) return Optional.of(new Digest(columns[2]));
        }
        return Optional.empty();
    }

    /** The sample's platform that the probed engine pulls by default (the engine's own OS and architecture). */
    static SampleImage.Platform dockerEnginePlatform(SampleImage image) {
        String[] engine = docker("version", "--format", "{{.Server.Os}} {{.Server.Arch}}").run().assertOk().out().trim().split(" ");
        return image.platform(engine[0], engine[1]);
    }

    /**
     * An engine that already has an image skips downloading its blobs, which would let a broken blob endpoint pass;
     * removing the sample's image IDs (config digests, the same in every repository seeded with it) forces a real pull.
     */
    static void removeDockerImages(SampleImage image) {
        for (SampleImage.Platform platform : image.platforms().values()) {
            var removal = docker("image", "rm", "--force", platform.config().value()).run();
            var left = docker("image", "inspect", platform.config().value()).run();
            assertFalse(left.ok(), "could not remove image " + platform.config() + "\n" + removal.describe());
        }
    }

    /** Empties the test namespace; content already there is never fetched again, which would hide a broken pull. */
    static void removeContainerdImages() {
        var listing = ctr("images", "ls", "--quiet").run().assertOk();
        for (String reference : listing.out().split("\n")) {
            // --sync waits for garbage collection, so the content is really gone before the next pull.
            if (!reference.isBlank()) ctr("images", "rm", "--sync", reference.trim()).run().assertOk();
        }
    }

    /**
     * dockerd's log lines about one registry, when .ci/dockerd started the engine: the engine, not the CLI, talks to
     * the registry, so the request-level story of a failed pull is only there.
     */
    static String dockerdLog(String hostPort) {
        String log = System.getenv("DOCKERD_LOG");
        if (log == null || log.isBlank()) return "\n(dockerd log unknown: set DOCKERD_LOG to see the engine's side)";
        try {
            List<String> lines = Files.readAllLines(Path.of(log)).stream().filter(line -> line.contains(hostPort)).toList();
            return "\n--- " + log + ", lines naming " + hostPort + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 100), lines.size()));
        } catch (IOException e) {
            return "\n(could not read dockerd log " + log + ": " + e + ")";
        }
    }

    private static Availability binary(String name, String installHint) {
        String path = envOr("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return new Availability(null);
        }
        return new Availability("`" + name + "` not found on PATH (" + path + "); " + installHint);
    }

    private static String[] prefixed(List<String> prefix, String... args) {
        var all = new ArrayList<>(prefix);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
