package dev.ecrpublic.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
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
    private final Server server;
    private final ServerConnector connector;

    public LocalGateway(InetSocketAddress address, RequestStreamHandler proxy) throws IOException {
        this.proxy = proxy;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("local-gateway");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Paths reach the function as clients sent them (dot segments, encoded slashes and all), as API Gateway
        // hands them on: judging them is the proxy's job, and its answers are what the tests check.
        http.setUriCompliance(UriCompliance.UNSAFE);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                LocalGateway.this.handle(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IOException("local gateway could not start on " + address, e);
        }
    }

    public URI url() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    private void handle(Request request, Response response, Callback callback) {
        try {
            String requestId = RestApiEvent.newRequestId();
            String rawPath = request.getHttpURI().getPath();
            String method = request.getMethod();
            String stage = "/" + RestApiEvent.STAGE;
            if (!rawPath.equals(stage) && !rawPath.startsWith(stage + "/")) {
                sendError(request, response, callback, OciError.ENDPOINT_UNKNOWN);
                return;
            }
            String stagePath = rawPath.length() == stage.length() ? "/" : rawPath.substring(stage.length());
            if (PUSH_METHODS.contains(method)) {
                sendError(request, response, callback, OciError.METHOD_UNSUPPORTED);
                return;
            }
            if (!PROXY_METHODS.contains(method)) {
                sendError(request, response, callback, OciError.ENDPOINT_UNKNOWN);
                return;
            }
            String resource = stagePath.equals("/") ? "/" : "/{proxy+}";
            byte[] event = json.writeValueAsBytes(RestApiEvent.of(json, request, stagePath, resource, requestId));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                proxy.handleRequest(new ByteArrayInputStream(event), answer, new LocalContext(requestId, "proxy-function"));
            } catch (IOException | RuntimeException e) {
                // API Gateway answers a crashed integration with 502; the function must never let that happen.
                LogLine.error("integration failed").with("requestId", requestId)
                        .with("exception", e.getClass().getName()).writeTo(LogLine.STDOUT);
                send(request, response, callback, 502, Map.of("Content-Type", "application/json"),
                        "{\"message\": \"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            sendIntegrationResponse(request, response, callback, json.readTree(answer.toByteArray()));
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    private void sendIntegrationResponse(Request request, Response response, Callback callback, JsonNode answer) {
        int status = answer.path("statusCode").asInt(502);
        HttpFields.Mutable headers = response.getHeaders();
        for (Map.Entry<String, JsonNode> e : answer.path("headers").properties())
            headers.put(remapped(e.getKey()), e.getValue().asText());
        for (Map.Entry<String, JsonNode> e : answer.path("multiValueHeaders").properties()) {
            String name = remapped(e.getKey());
            headers.remove(name);
            e.getValue().forEach(v -> headers.add(name, v.asText()));
        }
        String body = answer.path("body").asText("");
        byte[] bytes = answer.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        send(request, response, callback, status, Map.of(), bytes);
    }

    /**
     * A HEAD answer keeps the Content-Length the function set (clients such as containerd rely on it); any other
     * answer's length is that of the bytes sent.
     */
    private static void send(Request request, Response response, Callback callback, int status,
                             Map<String, String> extraHeaders, byte[] body) {
        response.setStatus(status);
        extraHeaders.forEach(response.getHeaders()::put);
        if (request.getMethod().equals("HEAD")) {
            if (!response.getHeaders().contains(HttpHeader.CONTENT_LENGTH))
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String remapped(String header) {
        return REMAPPED_HEADERS.contains(header.toLowerCase()) ? "x-amzn-Remapped-" + header : header;
    }

    /** What the template's gateway responses and mock integrations answer, without calling a function. */
    private static void sendError(Request request, Response response, Callback callback, OciError error) {
        GatewayResponse answer = OciErrorResponse.of(error, error.message, Map.of());
        answer.headers().asMap().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        send(request, response, callback, answer.status(), Map.of(), answer.body().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // Stopping is best effort; the process may be exiting anyway.
        }
    }
}
