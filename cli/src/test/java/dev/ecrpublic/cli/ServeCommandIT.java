package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's commands, run as written: the shaded jar in fresh JVMs, real HTTP, and the credentials and keys
 * commands acting on a running serve's state folder from another process.
 */
class ServeCommandIT {
    static final Path JAR = Path.of("target", "ecr-public.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/v2/");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    /** The jar run from {@code workDir}, so its default state folder lands there and nowhere in the checkout. */
    Process start(String... args) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    /** Runs a command to completion; returns its output, asserting the exit code. */
    String run(int expectedExit, String... args) throws Exception {
        Process p = start(args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, p.exitValue(), output);
        return output;
    }

    static String baseUrl(Process serve, BufferedReader out) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) return m.group(1);
        }
        throw new AssertionError("serve never said where it listens:\n" + seen);
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> token(String base, String scope, String... headers) throws Exception {
        return get(base + "/v2/token?service=" + URI.create(base).getAuthority() + "&scope=" + scope, headers);
    }

    static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void serveWithoutAuthIsAPurelyPublicRegistry() throws Exception {
        Process serve = start("serve", "--port", "0", "--auth", "none");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String base = baseUrl(serve, out);
            assertEquals(200, get(base + "/v2/").statusCode());
            var manifest = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/hello/manifests/latest")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, manifest.statusCode());
            assertEquals(manifest.headers().firstValue("Docker-Content-Digest").orElseThrow(), Digest.sha256Of(manifest.body()).value());
            assertEquals(404, get(base + "/v2/token").statusCode(), "no token endpoint without auth");
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
        assertFalse(Files.exists(workDir.resolve(".ecr-public")), "--auth none keeps no state");
    }

    @Test
    void credentialsIssuedRevokedAndKeysRotatedWhileServeRuns() throws Exception {
        Files.writeString(workDir.resolve("policy.json"), "{\"anonymous\": [], \"tokenTtlSeconds\": 120}");
        Process serve = start("serve", "--port", "0", "--config", "policy.json");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String base = baseUrl(serve, out);
            var ping = get(base + "/v2/");
            assertEquals(401, ping.statusCode());
            assertTrue(ping.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"" + base + "/v2/token\""));
            String anonymous = JSON.readTree(token(base, "repository:hello:pull").body()).path("token").asText();
            assertEquals(403, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + anonymous).statusCode());

            List<String> issued = run(0, "credentials", "issue", "ci-bot", "--repositories", "hello,team/*", "--expires", "30d")
                    .lines().toList();
            String secret = issued.getLast();
            assertTrue(secret.matches("ecrp_[A-Za-z0-9_-]{43}"), "the secret alone on the last line: " + issued);
            String listed = run(0, "credentials", "list");
            assertTrue(listed.contains("ci-bot") && listed.contains("hello,team/*"), listed);
            assertFalse(listed.contains(secret), "list never shows secrets");

            var login = token(base, "repository:hello:pull", "Authorization", basic("ci-bot", secret));
            assertEquals(200, login.statusCode(), login.body());
            String token = JSON.readTree(login.body()).path("token").asText();
            assertEquals(200, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + token).statusCode());

            assertTrue(run(0, "keys", "rotate").contains("rotated"));
            assertEquals(200, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + token).statusCode(),
                    "a token issued before the rotation still works");

            run(0, "credentials", "revoke", "ci-bot");
            int status = 0;
            for (int i = 0; i < 40 && status != 401; i++) {
                Thread.sleep(250);
                status = token(base, "repository:hello:pull", "Authorization", basic("ci-bot", secret)).statusCode();
            }
            assertEquals(401, status, "serve sees the revocation made by another process");
            assertTrue(run(2, "credentials", "revoke", "ci-bot").contains("no credential named ci-bot"));
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        String output = run(2, "serve", "--backend", "gcr");
        assertTrue(output.contains("--backend must be local or aws"), output);
        assertTrue(output.contains("usage:"), output);
        Files.writeString(workDir.resolve("bad.json"), "{\"anonymus\": [\"x\"]}");
        output = run(2, "serve", "--config", "bad.json");
        assertTrue(output.contains("anonymus"), "a policy typo is named: " + output);
        assertTrue(run(2, "credentials", "issue", "x").contains("--repositories"));
    }
}
