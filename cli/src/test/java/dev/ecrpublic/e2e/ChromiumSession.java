package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the Chrome DevTools protocol with the JDK's WebSocket client: one page, scripts
 * evaluated in it, text typed into it as a keyboard would. Just what the gallery's browser test needs.
 */
final class ChromiumSession implements AutoCloseable {
    static final String BINARY = "/usr/bin/chromium";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private String session;

    private ChromiumSession(Process process, Path profile, URI endpoint) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(endpoint, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Starts Chromium (as root, hence no sandbox) with a throwaway profile and nothing that calls home. */
    static ChromiumSession start() throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1200,800", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> err.lines().forEach(l -> { }));
                return new ChromiumSession(process, profile, URI.create(m.group(1)));
            }
        }
        process.destroyForcibly();
        throw new IOException("chromium did not open its DevTools endpoint:\n" + seen);
    }

    /** Opens {@code url} in a new page, which later calls work on, and waits until it has loaded. */
    void open(String url) throws Exception {
        String target = call(null, "Target.createTarget", json.createObjectNode().put("url", url))
                .path("targetId").asText();
        session = call(null, "Target.attachToTarget", json.createObjectNode().put("targetId", target)
                .put("flatten", true)).path("sessionId").asText();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        // A new page starts on about:blank, already complete: wait for the page asked for.
        while (!evaluate("location.href === " + json.writeValueAsString(url)
                + " && document.readyState === 'complete'").asBoolean()) {
            if (System.nanoTime() > deadline) throw new IOException("page did not load: " + url);
            Thread.sleep(50);
        }
    }

    /** The value of {@code expression} in the page, promises awaited. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call(session, "Runtime.evaluate", json.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true).put("userGesture", true));
        if (result.has("exceptionDetails")) throw new IOException("script failed: " + result.path("exceptionDetails"));
        return result.path("result").path("value");
    }

    /** Types {@code text} into the focused element, as keystrokes would insert it. */
    void type(String text) throws Exception {
        call(session, "Input.insertText", json.createObjectNode().put("text", text));
    }

    /** Lets the page read and write the clipboard, as a person who allowed it would. */
    void allowClipboard(String origin) throws Exception {
        ObjectNode params = json.createObjectNode().put("origin", origin);
        params.putArray("permissions").add("clipboardReadWrite").add("clipboardSanitizedWrite");
        call(null, "Browser.grantPermissions", params);
    }

    private JsonNode call(String sessionId, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = json.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) message.put("sessionId", sessionId);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(json.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) throw new IOException(method + " failed: " + reply.path("error"));
        return reply.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = json.readTree(partial.toString());
                    CompletableFuture<JsonNode> waiting = message.has("id")
                            ? pending.remove(message.path("id").asInt()) : null;
                    if (waiting != null) waiting.complete(message);
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
