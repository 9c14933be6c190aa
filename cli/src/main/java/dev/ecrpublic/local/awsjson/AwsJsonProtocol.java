package dev.ecrpublic.local.awsjson;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS JSON 1.1 protocol as a service endpoint speaks it: one POST to {@code /} per call, the operation named by
 * {@code X-Amz-Target: <prefix><Operation>}, JSON in and out, errors as {@code {"__type", "message"}}. Signatures are
 * required but not verified: the point is to exercise the client, and the SDK always signs.
 */
public final class AwsJsonProtocol {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String SIGV4 = "AWS4-HMAC-SHA256 ";

    /**
     * One call, with the operation as the service names it (e.g. "GetSecretValue"), the raw request body and the
     * region the client signed for (from the SigV4 credential scope), if the Authorization header names one.
     */
    @FunctionalInterface
    interface Service {
        ObjectNode invoke(String operation, byte[] body, Optional<String> signingRegion);
    }

    /** {@code Credential=AKID/20260101/eu-west-1/ecr/aws4_request}: the scope's third part is the region. */
    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=[^/,\\s]+/[0-9]{8}/([a-z0-9-]+)/[^/,\\s]+/aws4_request");

    /** A document with anything after its closing brace is as malformed to a service as one cut short. */
    public static ObjectMapper mapper() {
        return JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    private final ObjectMapper mapper;
    private final String targetPrefix;
    private final String serverErrorType;
    private final System.Logger log;

    /** serverErrorType is the service's name for its own failure: ECR's ServerException, Secrets Manager's InternalServiceError. */
    AwsJsonProtocol(ObjectMapper mapper, String targetPrefix, String serverErrorType, System.Logger log) {
        this.mapper = mapper;
        this.targetPrefix = targetPrefix;
        this.serverErrorType = serverErrorType;
        this.log = log;
    }

    /** The AWS JSON protocol's timestamp: epoch seconds as a number, fractional to the millisecond. */
    public static BigDecimal timestamp(Instant at) {
        return BigDecimal.valueOf(at.toEpochMilli(), 3);
    }

    void handle(HttpExchange exchange, Service service) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode response;
            int status = 200;
            try {
                response = service.invoke(operation(exchange), body, signingRegion(exchange));
            } catch (WireFailure e) {
                failOnTheWire(exchange, e.kind);
                return;
            } catch (AwsJsonError e) {
                status = e.status();
                response = error(e.wireType(), e.getMessage());
            } catch (RuntimeException e) {
                // Deliberately without the stack trace: the client gets the service's own failure, the log one line.
                log.log(System.Logger.Level.WARNING, () -> "emulator failed a request: " + e);
                status = 500;
                response = error(serverErrorType, "Internal server error");
            }
            byte[] out = mapper.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    /** A 200 whose body stops mid-document, or a connection closed before any answer. */
    private static void failOnTheWire(HttpExchange exchange, WireFailure.Kind kind) throws IOException {
        if (kind == WireFailure.Kind.CONNECTION_RESET) return; // closing the exchange unanswered drops the connection
        byte[] cut = "{\"images\":[{\"imageManifest\":\"{".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(200, cut.length);
        exchange.getResponseBody().write(cut);
    }

    /** Authentication comes first, so that an unsigned request learns nothing, not even which operations exist. */
    private String operation(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith(SIGV4)) throw AwsJsonError.missingAuthenticationToken();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!exchange.getRequestMethod().equals("POST") || target == null || !target.startsWith(targetPrefix))
            throw AwsJsonError.unknownOperation();
        return target.substring(targetPrefix.length());
    }

    /** The region the request was signed for; empty when the header carries no readable credential scope. */
    static Optional<String> signingRegion(String authorization) {
        if (authorization == null) return Optional.empty();
        Matcher m = CREDENTIAL_SCOPE.matcher(authorization);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> signingRegion(HttpExchange exchange) {
        return signingRegion(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private ObjectNode error(String type, String message) {
        return mapper.createObjectNode().put("__type", type).put("message", message);
    }
}
