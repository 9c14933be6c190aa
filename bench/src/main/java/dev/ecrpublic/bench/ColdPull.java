package dev.ecrpublic.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.gateway.LocalGateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The cold pull: the requests an anonymous {@code docker pull hello:latest} makes (ping, token, index, platform
 * manifest, config and layer blob redirects), through the local gateway ({@link LocalGateway}: the template's routes,
 * its authorizer step and its authorizer cache), where each function is a JVM of its own started by its first event,
 * as Lambda starts a container, and kept for the rest of the pull. Timed from the first request sent to the last
 * answer read; every function of every run starts cold.
 */
final class ColdPull {
    private static final String CHILD = "dev.ecrpublic.bench.child.ServeChild";
    private static final String MANIFEST_ACCEPT = String.join(", ", "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the token endpoint and the authorizer are deployed: two functions, or one serving both. */
    record Layout(String name, Function proxy, Function token, Function authorizer) {
        boolean merged() {
            return token.equals(authorizer);
        }
    }

    record Run(double wallMillis, int requests, int coldStarts, Map<String, Integer> invocations, Map<String, Long> calls) {}

    record Result(Layout layout, List<Run> runs) {}

    private final ChildJvm jvm;
    private final Fixtures fixtures;
    private final PrintStream progress;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    ColdPull(ChildJvm jvm, Fixtures fixtures, PrintStream progress) {
        this.jvm = jvm;
        this.fixtures = fixtures;
        this.progress = progress;
    }

    /** {@code runs} pulls per layout, the layouts interleaved, after one unmeasured pull each. */
    List<Result> measure(List<Layout> layouts, int runs) throws IOException, InterruptedException {
        Map<Layout, List<Run>> results = new LinkedHashMap<>();
        for (Layout l : layouts) {
            once(l);
            results.put(l, new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            progress.printf("  cold pull %d/%d%n", i + 1, runs);
            for (Layout l : layouts) results.get(l).add(once(l));
        }
        return layouts.stream().map(l -> new Result(l, results.get(l))).toList();
    }

    private Run once(Layout layout) throws IOException, InterruptedException {
        Map<Function, Container> containers = new LinkedHashMap<>();
        for (Function f : List.of(layout.proxy(), layout.token(), layout.authorizer()))
            containers.computeIfAbsent(f, Container::new);
        try (LocalGateway gateway = new LocalGateway(new InetSocketAddress("127.0.0.1", 0), new LocalGateway.Functions(
                containers.get(layout.proxy()), (in, out, context) -> {
                    throw new IllegalStateException("a pull asks no gallery");
                }, Optional.of(new LocalGateway.TokenAuth(containers.get(layout.token()),
                containers.get(layout.authorizer()), Duration.ofSeconds(300)))), Optional.empty())) {
            fixtures.resetCalls();
            long started = System.nanoTime();
            int requests = pull(gateway.url().resolve("/v2/"));
            double wall = (System.nanoTime() - started) / 1e6;
            Map<String, Integer> invocations = new TreeMap<>();
            int cold = 0;
            for (Container c : containers.values()) {
                invocations.put(c.function.name(), c.invocations);
                if (c.process != null) cold++;
            }
            return new Run(wall, requests, cold, invocations, new TreeMap<>(fixtures.calls()));
        } finally {
            for (Container c : containers.values()) c.close();
        }
    }

    /** Docker's requests, in its order (one after another: docker fetches blobs in parallel); how many were made. */
    private int pull(URI registry) throws IOException, InterruptedException {
        HttpResponse<String> ping = get(registry, null, null);
        expect(ping, 401, "ping");
        URI tokenUri = registry.resolve("token?scope=repository:" + Fixtures.REPOSITORY + ":pull&service=" + Fixtures.HOST);
        HttpResponse<String> login = get(tokenUri, null, null);
        expect(login, 200, "anonymous token");
        String bearer = "Bearer " + JSON.readTree(login.body()).path("token").asText();
        String base = Fixtures.REPOSITORY + "/";
        HttpResponse<String> index = get(registry.resolve(base + "manifests/" + Fixtures.TAG), bearer, MANIFEST_ACCEPT);
        expect(index, 200, "index");
        String platform = null;
        for (JsonNode m : JSON.readTree(index.body()).path("manifests"))
            if (m.path("platform").path("architecture").asText().equals("amd64")) platform = m.path("digest").asText();
        if (platform == null) throw new IllegalStateException("cold pull: the index names no amd64 manifest: " + index.body());
        HttpResponse<String> manifest = get(registry.resolve(base + "manifests/" + platform), bearer, MANIFEST_ACCEPT);
        expect(manifest, 200, "platform manifest");
        JsonNode image = JSON.readTree(manifest.body());
        List<String> blobs = new ArrayList<>(List.of(image.path("config").path("digest").asText()));
        image.path("layers").forEach(l -> blobs.add(l.path("digest").asText()));
        for (String blob : blobs) {
            HttpResponse<String> redirect = get(registry.resolve(base + "blobs/" + blob), bearer, null);
            expect(redirect, 307, "blob " + blob);
            if (redirect.headers().firstValue("Location").isEmpty())
                throw new IllegalStateException("cold pull: blob " + blob + " redirected nowhere");
        }
        return 4 + blobs.size();
    }

    private HttpResponse<String> get(URI uri, String authorization, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET()
                .header("User-Agent", "docker/27.5.1");
        if (authorization != null) request.header("Authorization", authorization);
        if (accept != null) request.header("Accept", accept);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status)
            throw new IllegalStateException("cold pull: " + what + " answered " + response.statusCode() + " instead of "
                    + status + ": " + response.body());
    }

    /**
     * A function's container: a JVM of its own ({@link dev.ecrpublic.bench.child.ServeChild}), started by its first
     * event, as Lambda starts one when a request finds no warm container.
     */
    private final class Container implements RequestStreamHandler, AutoCloseable {
        final Function function;
        private final ChildOutput output = new ChildOutput();
        Process process;
        private Path stderr;
        private Writer events;
        private BufferedReader answers;
        int invocations;

        Container(Function function) {
            this.function = function;
        }

        @Override
        public synchronized void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            if (process == null) start();
            invocations++;
            events.write(Base64.getEncoder().encodeToString(input.readAllBytes()) + "\n");
            events.flush();
            for (String line; (line = answers.readLine()) != null; ) {
                if (line.startsWith("@@bench response ")) {
                    output.write(Base64.getDecoder().decode(line.substring("@@bench response ".length())));
                    return;
                }
                if (line.startsWith("@@bench thrown ")) // the authorizer's refusal, as the runtime reports it
                    throw new IllegalStateException(new String(Base64.getDecoder().decode(
                            line.substring("@@bench thrown ".length())), StandardCharsets.UTF_8));
                this.output.add(line);
            }
            throw this.output.failure(function.name() + ": pull child ended before answering", exit(), stderr);
        }

        private void start() throws IOException {
            stderr = Files.createTempFile("ecr-public-bench-pull", ".err");
            process = jvm.process(function.name(), function.jar(), List.of(), CHILD, List.of(function.handler()),
                    function.environment()).redirectError(stderr.toFile()).start();
            events = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        private int exit() {
            try {
                return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            if (process == null) return;
            events.close();
            int exit = exit();
            if (exit != 0) {
                process.destroyForcibly();
                throw output.failure(function.name() + ": pull child failed at exit", exit, stderr);
            }
            Files.deleteIfExists(stderr);
        }
    }
}
