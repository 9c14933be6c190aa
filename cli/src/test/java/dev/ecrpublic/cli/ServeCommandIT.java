package dev.ecrpublic.cli;

import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's command, run as written: the shaded jar, a fresh JVM, real HTTP. */
class ServeCommandIT {
    static final Path JAR = Path.of("target", "ecr-public.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/v2/");

    static Process start(String... args) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        List<String> command = new java.util.ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void serveAnswersPullsFromTheSampleImage() throws Exception {
        Process serve = start("serve", "--port", "0");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String base = null;
            StringBuilder seen = new StringBuilder();
            for (String line; base == null && (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) base = m.group(1);
            }
            assertTrue(base != null, "serve never said where it listens:\n" + seen);
            HttpClient http = HttpClient.newHttpClient();
            var ping = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ping.statusCode());
            var manifest = http.send(HttpRequest.newBuilder(URI.create(base + "/v2/hello/manifests/latest")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, manifest.statusCode());
            assertEquals(manifest.headers().firstValue("Docker-Content-Digest").orElseThrow(), Digest.sha256Of(manifest.body()).value());
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Process bad = start("serve", "--backend", "gcr");
        String output = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), output);
        assertTrue(output.contains("--backend must be local or aws"), output);
        assertTrue(output.contains("usage:"), output);
    }
}
