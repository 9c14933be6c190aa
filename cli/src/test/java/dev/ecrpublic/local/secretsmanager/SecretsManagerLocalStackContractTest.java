package dev.ecrpublic.local.secretsmanager;

import cloud.localstack.Localstack;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The contract against LocalStack, which mimics the real service independently of us: where the emulator and
 * LocalStack agree, the emulator is less likely to be wrong. Runs only where a Docker engine answers and has (or can
 * pull) the LocalStack image; otherwise the class is skipped, saying why. The engine is probed with the docker CLI
 * under a timeout before localstack-utils is touched, so that a machine without Docker costs seconds and a clear
 * message rather than whatever localstack-utils' own docker calls and waits do there. The tag is pinned: a community
 * image that needs no account, and output that localstack-utils still recognises.
 */
class SecretsManagerLocalStackContractTest extends SecretsManagerContractTest {
    private static final String IMAGE = "localstack/localstack";
    private static final String TAG = "3.8";
    private boolean started;

    @Override
    URI start() {
        docker(Duration.ofSeconds(10), "info", "--format", "{{.ServerVersion}}");
        if (!dockerSucceeds(Duration.ofSeconds(10), "image", "inspect", IMAGE + ":" + TAG))
            docker(Duration.ofMinutes(5), "pull", IMAGE + ":" + TAG);
        Localstack.INSTANCE.startup(LocalstackDockerConfiguration.builder()
                .imageName(IMAGE).imageTag(TAG).randomizePorts(true)
                .environmentVariables(Map.of("SERVICES", "secretsmanager")).build());
        started = true;
        return URI.create(Localstack.INSTANCE.getEndpointSecretsmanager());
    }

    @Override
    void stop() {
        if (started) Localstack.INSTANCE.stop();
    }

    /** Runs the docker CLI, or aborts the test class with what went wrong. */
    private static void docker(Duration timeout, String... arguments) {
        String failure = run(timeout, arguments);
        if (failure != null) {
            String reason = "LocalStack needs a Docker engine that can pull " + IMAGE + ": " + failure;
            System.err.println("SKIPPED " + SecretsManagerLocalStackContractTest.class.getSimpleName() + ": " + reason);
            Assumptions.abort(reason);
        }
    }

    private static boolean dockerSucceeds(Duration timeout, String... arguments) {
        return run(timeout, arguments) == null;
    }

    /** null when the command succeeded, else a one-line reason. */
    private static String run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        String described = String.join(" ", command);
        Path output = null;
        try {
            // To a file, not a pipe: a pull prints progress enough to fill a pipe nobody reads while we wait.
            output = Files.createTempFile("docker-", ".out");
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                return "cannot run `" + described + "`: " + e.getMessage();
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return "`" + described + "` did not finish within " + timeout.toSeconds() + " s";
            }
            if (process.exitValue() == 0) return null;
            String firstLine = Files.readString(output, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
            return "`" + described + "` exited " + process.exitValue() + (firstLine.isEmpty() ? "" : ": " + firstLine);
        } catch (IOException e) {
            return "`" + described + "` failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running `" + described + "`";
        } finally {
            if (output != null) output.toFile().delete();
        }
    }
}
