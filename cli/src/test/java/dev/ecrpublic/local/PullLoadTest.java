package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded load over loopback through the local gateway: concurrent clients pulling several images as several
 * principals (anonymous and issued credentials), the token clock jumping past every token's expiry mid-run so all of
 * them log in again, and a key rotation during the run. Every answer is checked (status and digest); none may fail.
 * Throughput and latency go to target/load-report.md (bench/README.md quotes a run).
 */
class PullLoadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final int CLIENTS = 12;
    static final Duration RUN = Duration.ofSeconds(8);

    /** A clock the test moves forward: the functions see every token expire at once. */
    static final class JumpingClock extends Clock {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(offset.get()); }
    }

    record Principal(String name, String secret, List<String> repositories) {}

    @Test
    void concurrentPullsThroughExpiryAndRotationAllSucceed() throws Exception {
        JumpingClock clock = new JumpingClock();
        LocalRegistry.Auth auth = new LocalRegistry.Auth(null,
                Optional.of(AccessPolicy.parse("{\"anonymous\": [\"public/*\"], \"tokenTtlSeconds\": 60}")),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), clock);
        List<String> images = List.of("public/a", "public/b", "team/x", "team/y", "ops/z");
        try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, auth))) {
            for (String image : images) SampleImages.seed(registry.images(), image);
            Digest index = registry.images().resolveTag("public/a", "latest").orElseThrow();
            List<Principal> principals = new ArrayList<>();
            principals.add(new Principal("", "", List.of("public/a", "public/b")));
            for (var p : Map.of("team-bot", "team/*", "ops-bot", "ops/*", "all-bot", "**").entrySet()) {
                IssuedSecret issued = IssuedSecret.generate(p.getKey(), List.of(RepositoryGlob.parse(p.getValue())),
                        Optional.empty(), Clock.systemUTC(), new SecureRandom());
                registry.secrets().access().update(d -> d.withCredential(issued.credential()));
                List<String> pullable = images.stream().filter(i -> RepositoryGlob.parse(p.getValue()).matches(i)
                        || i.startsWith("public/")).toList();
                principals.add(new Principal(p.getKey(), issued.secret(), pullable));
            }

            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger logins = new AtomicInteger();
            long deadline = System.nanoTime() + RUN.toNanos();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    Principal who = principals.get(c % principals.size());
                    clients.add(pool.submit(() -> {
                        Client client = new Client(registry, http, who, index, latencies, failures, logins);
                        int n = 0;
                        while (System.nanoTime() < deadline) client.pull(who.repositories().get(n++ % who.repositories().size()));
                        return null;
                    }));
                }
                Thread.sleep(RUN.toMillis() / 3);
                clock.offset.set(Duration.ofMinutes(3)); // every token issued so far is now expired
                Thread.sleep(RUN.toMillis() / 3);
                registry.secrets().rotateKeys();
                for (Future<?> f : clients) f.get();
            }

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double seconds = RUN.toNanos() / 1e9;
            String report = String.format("| %d clients, %d principals, %.0f s | %d requests | %.0f requests/s | p50 %.2f ms | "
                            + "p99 %.2f ms | max %.2f ms | %d logins (tokens expired mid-run, one key rotation) | %d failed |%n",
                    CLIENTS, principals.size(), seconds, sorted.size(), sorted.size() / seconds,
                    percentile(sorted, 50), percentile(sorted, 99), sorted.getLast() / 1e6, logins.get(), failures.size());
            Files.writeString(Path.of("target", "load-report.md"), report);
            System.out.print(report);
            assertEquals(List.of(), List.copyOf(failures).subList(0, Math.min(5, failures.size())), "failed or wrong answers");
            assertTrue(sorted.size() > 500, "the load ran: " + sorted.size() + " requests");
            assertTrue(logins.get() > CLIENTS, "tokens were renewed after they expired: " + logins.get() + " logins");
        }
    }

    static double percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    /** One client as Docker behaves: a token per repository, renewed when the registry answers 401. */
    static final class Client {
        final LocalRegistry registry;
        final HttpClient http;
        final Principal who;
        final Digest index;
        final ConcurrentLinkedQueue<Long> latencies;
        final ConcurrentLinkedQueue<String> failures;
        final AtomicInteger logins;
        final Map<String, String> tokens = new java.util.HashMap<>();

        Client(LocalRegistry registry, HttpClient http, Principal who, Digest index, ConcurrentLinkedQueue<Long> latencies,
               ConcurrentLinkedQueue<String> failures, AtomicInteger logins) {
            this.registry = registry;
            this.http = http;
            this.who = who;
            this.index = index;
            this.latencies = latencies;
            this.failures = failures;
            this.logins = logins;
        }

        void pull(String repository) {
            try {
                HttpResponse<byte[]> tag = get(repository, "/manifests/latest", INDEX);
                if (!expect(tag, 200, repository + " by tag")) return;
                if (!Digest.sha256Of(tag.body()).equals(index)) failures.add(repository + ": wrong index bytes");
                String platform = JSON.readTree(tag.body()).path("manifests").path(0).path("digest").asText();
                HttpResponse<byte[]> manifest = get(repository, "/manifests/" + platform, MANIFEST);
                if (!expect(manifest, 200, repository + " by digest")) return;
                JsonNode layer = JSON.readTree(manifest.body()).path("layers").path(0);
                HttpResponse<byte[]> blob = get(repository, "/blobs/" + layer.path("digest").asText(), "*/*");
                if (expect(blob, 307, repository + " blob") && blob.headers().firstValue("Location").isEmpty())
                    failures.add(repository + ": blob redirect without Location");
            } catch (IOException | InterruptedException e) {
                failures.add(repository + ": " + e);
            }
        }

        boolean expect(HttpResponse<byte[]> r, int status, String what) {
            if (r.statusCode() == status) return true;
            failures.add(what + ": " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
            return false;
        }

        /** A registry request with this repository's token; on 401 a new token (as after expiry) and one retry. */
        HttpResponse<byte[]> get(String repository, String path, String accept) throws IOException, InterruptedException {
            String token = tokens.computeIfAbsent(repository, this::login);
            HttpResponse<byte[]> r = timed(registry.url() + "/v2/" + repository + path, accept, token);
            if (r.statusCode() != 401) return r;
            tokens.put(repository, login(repository));
            return timed(registry.url() + "/v2/" + repository + path, accept, tokens.get(repository));
        }

        HttpResponse<byte[]> timed(String url, String accept, String token) throws IOException, InterruptedException {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            latencies.add(System.nanoTime() - start);
            return r;
        }

        String login(String repository) {
            logins.incrementAndGet();
            String url = registry.url() + "/v2/token?service=" + URLEncoder.encode(registry.hostPort(), StandardCharsets.UTF_8)
                    + "&scope=repository:" + repository + ":pull";
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
            if (!who.name().isEmpty()) b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((who.name() + ":" + who.secret()).getBytes(StandardCharsets.UTF_8)));
            try {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                latencies.add(System.nanoTime() - start);
                if (r.statusCode() != 200) failures.add("login " + who.name() + ": " + r.statusCode() + " " + r.body());
                return JSON.readTree(r.body()).path("token").asText();
            } catch (IOException | InterruptedException e) {
                failures.add("login " + who.name() + ": " + e);
                return "";
            }
        }
    }
}
