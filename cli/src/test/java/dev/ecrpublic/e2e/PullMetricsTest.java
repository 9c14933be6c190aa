package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real client's pull, seen as an operator would see it: every log line with metrics is embedded metric format that
 * CloudWatch accepts, and serve's /metrics, read by Prometheus' own parser, counts what the lines say.
 */
class PullMetricsTest {
    private static final RealClients.Availability SKOPEO = RealClients.skopeo();
    private static final RealClients.Availability PARSER = RealClients.prometheusParser();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prometheus' parser turns the exposition into {sample name: [{labels, value}]}. */
    private static final String PARSE = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            samples = {}
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    samples.setdefault(s.name, []).append({"labels": s.labels, "value": s.value, "type": family.type})
            print(json.dumps(samples))
            """;

    @Test
    void aSkopeoPullIsCountedAtMetricsAsItsLogLinesSay(@TempDir Path out) throws Exception {
        SKOPEO.require();
        PARSER.require();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String exposition;
        try (TokenRegistry registry = TokenRegistry.start(Optional.of(TokenRegistry.PUBLIC_POLICY))) {
            RealClients.skopeoCommand("copy", "--src-tls-verify=false", "--override-arch", "amd64", "--override-os",
                    "linux", "docker://" + registry.latest("hello"), "oci:" + out + ":latest").run().assertOk();
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + registry.hostPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            exposition = metrics.body();
        } finally {
            System.setOut(original);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n"))
            if (line.contains("\"_aws\"")) lines.add(JSON.readTree(line));
        for (JsonNode line : lines)
            assertEquals(List.of(), EmbeddedMetricFormat.violations(line), line.toString());
        long requests = lines.stream().filter(l -> l.path("message").asText().equals("request")).count();
        long pulls = lines.stream().filter(l -> l.path("pulled").asText().equals("hello")).count();
        long anonymousTokens = lines.stream().filter(l -> l.path("outcome").asText().equals("anonymous")).count();
        long allowed = lines.stream().filter(l -> l.path("decision").asText().equals("allow")).count();
        assertEquals(2, pulls, "the index and the amd64 manifest: " + lines);
        assertTrue(anonymousTokens >= 1 && allowed >= 1 && requests >= 4, lines.toString());

        JsonNode samples = parse(exposition);
        assertEquals(pulls, value(samples, "ecrpublic_pulls_total", Map.of("pulled", "hello")), exposition);
        assertEquals(anonymousTokens, value(samples, "ecrpublic_token_requests_total", Map.of("outcome", "anonymous")), exposition);
        assertEquals(allowed, value(samples, "ecrpublic_authorizations_total", Map.of("decision", "allow")), exposition);
        double answered = 0;
        for (JsonNode sample : samples.path("ecrpublic_requests_total")) answered += sample.path("value").asDouble();
        assertEquals(requests, (long) answered, exposition);
        assertEquals(requests, value(samples, "ecrpublic_latency_seconds_count", Map.of()), exposition);
        assertEquals("summary", samples.path("ecrpublic_latency_seconds_count").get(0).path("type").asText());
        assertEquals("counter", samples.path("ecrpublic_pulls_total").get(0).path("type").asText());
    }

    private static JsonNode parse(String exposition) throws Exception {
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", PARSE).start();
        python.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String stdout = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), "Prometheus' parser refused the exposition: " + stderr + "\n" + exposition);
        return JSON.readTree(stdout);
    }

    private static long value(JsonNode samples, String name, Map<String, String> labels) {
        for (JsonNode sample : samples.path(name))
            if (JSON.convertValue(sample.path("labels"), Map.class).equals(labels)) return (long) sample.path("value").asDouble();
        throw new AssertionError("no sample " + name + labels + " in " + samples);
    }
}
