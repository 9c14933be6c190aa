package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.local.secretsmanager.SecretsFault;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything a run logs (logins, refreshes, pulls, refusals, a Secrets Manager outage), captured whole: every line is
 * one JSON object, and no secret, password, token or Authorization value appears in any of them.
 */
class LogSecrecyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aFullRunLogsNoCredentialAndOnlyJsonLines() throws Exception {
        List<String> secrets = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, new LocalRegistry.Auth(
                null, Optional.of(AccessPolicy.parse("{\"anonymous\": [\"hello\"]}")), Duration.ofSeconds(300),
                Duration.ZERO, Duration.ZERO)))) {
            SampleImages.seed(registry.images(), "private/app");
            IssuedSecret issued = IssuedSecret.generate("ci-bot", List.of(RepositoryGlob.parse("private/*")),
                    Optional.empty(), Clock.systemUTC(), new SecureRandom());
            registry.secrets().access().update(d -> d.withCredential(issued.credential()));
            secrets.add(issued.secret());
            String base = registry.url().toString();
            String service = URLEncoder.encode(registry.hostPort(), StandardCharsets.UTF_8);
            String basic = "Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + issued.secret()).getBytes(StandardCharsets.UTF_8));
            secrets.add(basic.substring(6));

            JsonNode login = JSON.readTree(get(base + "/v2/token?service=" + service + "&offline_token=true&scope="
                    + "repository:private/app:pull", "Authorization", basic).body());
            String token = login.path("token").asText();
            String refresh = login.path("refresh_token").asText();
            secrets.add(token);
            secrets.add(refresh);
            assertEquals(200, get(base + "/v2/private/app/manifests/latest", "Authorization", "Bearer " + token).statusCode());
            String form = "grant_type=refresh_token&refresh_token=" + refresh + "&service=" + service + "&scope=repository:hello:pull";
            HttpResponse<String> refreshed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            String second = JSON.readTree(refreshed.body()).path("access_token").asText();
            secrets.add(second);
            assertEquals(200, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + second).statusCode());

            String wrong = "ecrp_" + "w".repeat(43);
            secrets.add(wrong);
            assertEquals(401, get(base + "/v2/token?service=" + service, "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(("ci-bot:" + wrong).getBytes(StandardCharsets.UTF_8))).statusCode());
            String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
            secrets.add(forged);
            assertEquals(401, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + forged).statusCode());
            assertEquals(403, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + token).statusCode());

            registry.secrets().emulator().inject("GetSecretValue", SecretsFault.SERVER_ERROR);
            assertEquals(503, get(base + "/v2/token?service=" + service, "Authorization", basic).statusCode());
            registry.secrets().emulator().clearFaults();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 10, "the run logged its requests: " + lines.size() + " lines");
        for (String line : lines) assertTrue(JSON.readTree(line).isObject(), "not one JSON object: " + line);
        for (String secret : secrets) assertFalse(log.contains(secret), "a credential reached the log");
        assertFalse(log.contains("Bearer "), "an Authorization value reached the log");
        assertFalse(log.contains("Basic "), "an Authorization value reached the log");
        assertTrue(log.contains("\"principal\":\"ci-bot\""), "the pulls are attributed");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"route\":\"manifest\"") && l.contains("\"status\":200")
                && l.contains("\"digest\":\"sha256:") && l.contains("\"ecrCalls\":1")),
                "a pull's audit line has its resolved digest and the ECR calls it cost");
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
