package dev.ecrpublic.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process stand-in for the REST API that template.yaml deploys: stage {@code v2}, GET and HEAD of {@code /} and
 * {@code /{proxy+}} into the proxy function, push methods answered by the gateway itself, and the header remapping
 * API Gateway applies to what a function returns. Requests are turned into the same JSON event Lambda delivers and
 * the handler's JSON answer is turned back into HTTP, so a pull through here runs the production code path.
 */
public final class LocalGateway implements AutoCloseable {
    /** Response headers a REST API does not pass through from a Lambda proxy integration but renames. */
    static final Set<String> REMAPPED_HEADERS = Set.of(
            "authorization", "connection", "date", "expect", "host", "max-forwards", "proxy-authenticate", "server",
            "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "via", "warn", "www-authenticate");
    private static final Set<String> PROXY_METHODS = Set.of("GET", "HEAD");
    private static final Set<String> PUSH_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final ObjectMapper json = new ObjectMapper();
    private final RequestStreamHandler proxy;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public LocalGateway(InetSocketAddress address, RequestStreamHandler proxy) throws IOException {
        this.proxy = proxy;
        this.server = HttpServer.create(address, 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public URI url() {
        InetSocketAddress bound = server.getAddress();
        return URI.create("http://" + bound.getHostString() + ":" + bound.getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = RestApiEvent.newRequestId();
            String rawPath = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (!rawPath.equals("/" + RestApiEvent.STAGE) && !rawPath.startsWith("/" + RestApiEvent.STAGE + "/")) {
                sendError(exchange, OciError.ENDPOINT_UNKNOWN);
                return;
            }
            String stagePath = rawPath.substring(RestApiEvent.STAGE.length() + 1);
            if (stagePath.isEmpty()) stagePath = "/";
            if (PUSH_METHODS.contains(method)) {
                sendError(exchange, OciError.METHOD_UNSUPPORTED);
                return;
            }
            if (!PROXY_METHODS.contains(method)) {
                sendError(exchange, OciError.ENDPOINT_UNKNOWN);
                return;
            }
            String resource = stagePath.equals("/") ? "/" : "/{proxy+}";
            byte[] event = json.writeValueAsBytes(RestApiEvent.of(json, exchange, stagePath, resource, requestId));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                proxy.handleRequest(new ByteArrayInputStream(event), answer, new LocalContext(requestId, "proxy-function"));
            } catch (RuntimeException e) {
                // API Gateway answers a crashed integration with 502; the function must never let that happen.
                LogLine.error("integration failed").with("requestId", requestId).with("exception", e.getClass().getName()).writeTo(LogLine.STDOUT);
                sendStatus(exchange, 502, "{\"message\": \"Internal server error\"}");
                return;
            }
            send(exchange, json.readTree(answer.toByteArray()));
        }
    }

    private void send(HttpExchange exchange, JsonNode response) throws IOException {
        int status = response.path("statusCode").asInt(502);
        var headers = exchange.getResponseHeaders();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            var e = it.next();
            headers.set(remapped(e.getKey()), e.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("multiValueHeaders").fields(); it.hasNext(); ) {
            var e = it.next();
            String name = remapped(e.getKey());
            headers.remove(name);
            e.getValue().forEach(v -> headers.add(name, v.asText()));
        }
        String body = response.path("body").asText("");
        byte[] bytes = response.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head || status == 304 || status == 204) {
            // HEAD keeps the function's Content-Length (clients such as containerd rely on it); the JDK server sends
            // no length of its own for these.
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        headers.remove("Content-Length");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String remapped(String header) {
        return REMAPPED_HEADERS.contains(header.toLowerCase()) ? "x-amzn-Remapped-" + header : header;
    }

    private void sendError(HttpExchange exchange, OciError error) throws IOException {
        exchange.getResponseHeaders().set(OciErrorResponse.API_VERSION_HEADER, OciErrorResponse.API_VERSION);
        if (error == OciError.METHOD_UNSUPPORTED) exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendStatus(exchange, error.status, OciErrorResponse.body(error, error.message, Map.of()));
    }

    private static void sendStatus(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
