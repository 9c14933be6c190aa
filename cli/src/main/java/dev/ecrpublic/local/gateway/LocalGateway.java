package dev.ecrpublic.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.Executors;

/**
 * An in-process stand-in for the REST API that template.yaml deploys: stage {@code v2}; GET and HEAD of {@code /} and
 * {@code /{proxy+}} into the proxy function, behind the REQUEST authorizer when token auth is on; {@code /token} and
 * {@code /token/keys} into the token function without authorizer; GET and HEAD of {@code /_gallery} and below into
 * the gallery function, without authorizer whatever the auth mode; other methods answered 405 by the gateway; the
 * 401/403 challenge gateway responses; and the header remapping API Gateway applies to what a function returns.
 * Requests become the same JSON events Lambda delivers and the handlers' JSON answers become HTTP again, so a pull
 * through here runs the production code path.
 */
public final class LocalGateway implements AutoCloseable {
    /** Response headers a REST API does not pass through from a Lambda proxy integration but renames. */
    static final Set<String> REMAPPED_HEADERS = Set.of(
            "authorization", "connection", "date", "expect", "host", "max-forwards", "proxy-authenticate", "server",
            "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "via", "warn", "www-authenticate");
    private static final Set<String> PROXY_METHODS = Set.of("GET", "HEAD");
    /** The token function's routes and their methods, as the template declares them. */
    private static final Map<String, List<String>> TOKEN_ROUTES = Map.of(
            "/token", List.of("GET", "POST"), "/token/keys", List.of("GET"));
    /**
     * Lambda's quota on a synchronous invocation's response (6 MB); a larger answer fails the invocation, which API
     * Gateway answers as it answers any failed integration: 502.
     */
    static final int MAX_FUNCTION_RESPONSE_BYTES = 6 * 1024 * 1024;
    /** The gallery's resource, outside the registry grammar (a name cannot start with '_'), so never a repository. */
    static final String GALLERY = "/_gallery";
    /** Larger bodies are refused before reaching a function; token forms are a few kilobytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** The template's ACCESS_DENIED gateway response says the same: it cannot name the repository. */
    static final String DENIED_MESSAGE = "requested access to the resource is denied: it is private or does not "
            + "exist; log in with credentials that may pull it";

    /**
     * The functions behind the gateway: the proxy, the gallery (never behind the authorizer), and the token function
     * and authorizer; {@code auth} empty is the template's {@code AuthMode=none}.
     */
    public record Functions(RequestStreamHandler proxy, RequestStreamHandler gallery, Optional<TokenAuth> auth) {}

    /** The token function, the authorizer, and how long the gateway caches an authorizer answer per header. */
    public record TokenAuth(RequestStreamHandler token, RequestStreamHandler authorizer, Duration cacheTtl) {}

    private final ObjectMapper json = new ObjectMapper();
    private final Functions functions;
    private final Optional<Supplier<String>> metrics;
    private final LocalAuthorizer authorizer;
    private final Server server;
    private final ServerConnector connector;

    /**
     * {@code metrics}, when present, answers {@code GET /metrics} (outside the stage, where no deployed route is) in
     * Prometheus' text format: a local convenience that API Gateway does not have.
     */
    public LocalGateway(InetSocketAddress address, Functions functions, Optional<Supplier<String>> metrics)
            throws IOException {
        this.functions = functions;
        this.metrics = metrics;
        this.authorizer = functions.auth()
                .map(a -> new LocalAuthorizer(a.authorizer(), a.cacheTtl(), Clock.systemUTC(), json)).orElse(null);
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
            if (rawPath.equals("/metrics") && metrics.isPresent() && (method.equals("GET") || method.equals("HEAD"))) {
                send(request, response, callback, 200, Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8",
                        "Cache-Control", "no-store"), metrics.get().get().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!rawPath.equals(stage) && !rawPath.startsWith(stage + "/")) {
                sendError(request, response, callback, OciError.ENDPOINT_UNKNOWN, null, null);
                return;
            }
            String stagePath = rawPath.length() == stage.length() ? "/" : rawPath.substring(stage.length());
            if (stagePath.equals(GALLERY) || stagePath.startsWith(GALLERY + "/")) {
                if (!PROXY_METHODS.contains(method)) {
                    Content.Source.consumeAll(request);
                    sendError(request, response, callback, OciError.METHOD_UNSUPPORTED, null, null);
                    return;
                }
                String resource = stagePath.equals(GALLERY) ? GALLERY : GALLERY + "/{proxy+}";
                ObjectNode event = RestApiEvent.of(json, request, stagePath, resource, requestId, null);
                invoke(functions.gallery(), "gallery-function", event, requestId, request, response, callback);
                return;
            }
            List<String> tokenMethods = functions.auth().isPresent() ? TOKEN_ROUTES.get(stagePath) : null;
            if (tokenMethods != null) {
                if (!tokenMethods.contains(method)) {
                    Content.Source.consumeAll(request);
                    GatewayResponse answer = OciErrorResponse.of(OciError.METHOD_UNSUPPORTED,
                            "this endpoint takes " + String.join(" and ", tokenMethods), Map.of());
                    answer.headers().set("Allow", String.join(", ", tokenMethods));
                    sendAnswer(request, response, callback, answer, null);
                    return;
                }
                ObjectNode event = RestApiEvent.of(json, request, stagePath, stagePath, requestId, body(request));
                invoke(functions.auth().get().token(), "token-function", event, requestId, request, response, callback);
                return;
            }
            // The template answers every other method with a mock 405, before any authorizer. The body is read and
            // dropped first, so that the connection stays usable for the client's next request.
            if (!PROXY_METHODS.contains(method)) {
                Content.Source.consumeAll(request);
                sendError(request, response, callback, OciError.METHOD_UNSUPPORTED, null, null);
                return;
            }
            String resource = stagePath.equals("/") ? "/" : "/{proxy+}";
            ObjectNode event = RestApiEvent.of(json, request, stagePath, resource, requestId, null);
            if (authorizer != null && !authorized(event, method, stagePath, requestId, request, response, callback))
                return;
            invoke(functions.proxy(), "proxy-function", event, requestId, request, response, callback);
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    /** Runs the authorizer step; on refusal answers with the matching gateway response and returns false. */
    private boolean authorized(ObjectNode event, String method, String stagePath, String requestId, Request request,
                               Response response, Callback callback) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String methodArn = LocalAuthorizer.methodArn(method, stagePath);
        switch (authorizer.authorize(event, authorization, methodArn, requestId)) {
            case LocalAuthorizer.Outcome.Allowed allowed -> {
                ObjectNode context = ((ObjectNode) event.get("requestContext")).putObject("authorizer");
                allowed.context().forEach(context::put);
                return true;
            }
            case LocalAuthorizer.Outcome.Unauthorized u ->
                    sendError(request, response, callback, OciError.UNAUTHORIZED, challenge(request), null);
            case LocalAuthorizer.Outcome.Denied d ->
                    sendError(request, response, callback, OciError.DENIED, challenge(request), DENIED_MESSAGE);
            // The template maps AUTHORIZER_FAILURE to 503, so a key outage never reads as a server bug.
            case LocalAuthorizer.Outcome.Failed f ->
                    sendError(request, response, callback, OciError.UNAVAILABLE, null, null);
        }
        return false;
    }

    private void invoke(RequestStreamHandler function, String name, ObjectNode event, String requestId,
                        Request request, Response response, Callback callback) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(event)), answer,
                    new LocalContext(requestId, name));
        } catch (IOException | RuntimeException e) {
            integrationFailed(request, response, callback, requestId, name, e.getClass().getName());
            return;
        }
        if (answer.size() > MAX_FUNCTION_RESPONSE_BYTES) {
            integrationFailed(request, response, callback, requestId, name, "response of " + answer.size() + " bytes");
            return;
        }
        sendIntegrationResponse(request, response, callback, json.readTree(answer.toByteArray()));
    }

    /** API Gateway answers a failed integration with 502; a function must never let that happen. */
    private static void integrationFailed(Request request, Response response, Callback callback, String requestId,
                                          String function, String cause) {
        LogLine.error("integration failed").with("requestId", requestId).with("function", function)
                .with("exception", cause).writeTo(LogLine.STDOUT);
        send(request, response, callback, 502, Map.of("Content-Type", "application/json"),
                "{\"message\": \"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** The challenge the template's UNAUTHORIZED and ACCESS_DENIED gateway responses carry. */
    private String challenge(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || host.isBlank()) host = url().getAuthority();
        return "Bearer realm=\"http://" + host + "/" + RestApiEvent.STAGE + "/token\",service=\"" + host + "\"";
    }

    private static String body(Request request) throws IOException {
        if (request.getLength() == 0) return null;
        if (request.getLength() > MAX_BODY_BYTES) throw new IOException("request body too large");
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        if (body.length() > MAX_BODY_BYTES) throw new IOException("request body too large");
        return body.isEmpty() ? null : body;
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

    /**
     * What the template's gateway responses and mock integrations answer, without calling a function; a challenge
     * only on the 401 and 403 of the authorizer step.
     */
    private static void sendError(Request request, Response response, Callback callback, OciError error,
                                  String challenge, String message) {
        sendAnswer(request, response, callback, OciErrorResponse.of(error, message == null ? error.message : message,
                Map.of()), challenge);
    }

    private static void sendAnswer(Request request, Response response, Callback callback, GatewayResponse answer,
                                   String challenge) {
        answer.headers().asMap().forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        if (challenge != null) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
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
