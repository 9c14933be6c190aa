package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The docker CLI with its own config directory (a test's temp dir), so logins never touch the machine's
 * ~/.docker/config.json and a test sees exactly what the CLI stored.
 */
record DockerConfig(Path dir) {
    /** {@code docker --host ENGINE --config DIR ARGS...}. */
    Command docker(String... args) {
        var all = new ArrayList<>(List.of("--config", dir.toString()));
        all.addAll(List.of(args));
        return RealClients.docker(all.toArray(String[]::new));
    }

    /** {@code docker login HOST -u USER --password-stdin}, the password never on the command line. */
    Command.Result login(String hostPort, String user, String password) {
        return docker("login", hostPort, "-u", user, "--password-stdin").withStdin(password).run();
    }

    Command.Result pull(String reference) {
        return docker("pull", reference).run();
    }

    /** The {@code auths} entry the CLI stored for a registry; missing when there is none. */
    JsonNode auth(String hostPort) {
        Path file = dir.resolve("config.json");
        if (!Files.exists(file)) return MissingNode.getInstance();
        try {
            return SampleImage.parse(Files.readAllBytes(file)).path("auths").path(hostPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code user:password} in an {@code auths} entry's base64 {@code auth} field. */
    static String decodedAuth(JsonNode entry) {
        return new String(Base64.getDecoder().decode(entry.path("auth").asText()), StandardCharsets.UTF_8);
    }

    /** What the config file says, for a failure message; tokens and passwords are blanked out. */
    String describe() {
        Path file = dir.resolve("config.json");
        try {
            if (!Files.exists(file)) return "(no " + file + ")";
            return file + ": " + Files.readString(file)
                    .replaceAll("\"(auth|identitytoken)\"\\s*:\\s*\"[^\"]*\"", "\"$1\": \"***\"");
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
