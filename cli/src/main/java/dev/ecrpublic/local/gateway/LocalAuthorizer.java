package dev.ecrpublic.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What API Gateway does with a REQUEST authorizer whose identity source is the {@code Authorization} header: no
 * header, 401 without calling it; otherwise call it (or reuse its cached answer for that exact header value), then
 * evaluate the returned policy against the method ARN of this request. Only policies are cached, as API Gateway does.
 */
final class LocalAuthorizer {
    /** Stand-in for the execute-api ARN prefix of the deployed API: partition, region, account, API id, stage. */
    static final String ARN_PREFIX = "arn:aws:execute-api:us-east-1:123456789012:local/" + RestApiEvent.STAGE + "/";
    /** API Gateway's cache is bounded too; past this, start over rather than grow without limit. */
    static final int MAX_CACHED = 10_000;

    sealed interface Outcome {
        /** Allowed: the context (principalId included) the integration receives. */
        record Allowed(Map<String, String> context) implements Outcome {}

        /** No or rejected credentials: 401 with the challenge. */
        record Unauthorized() implements Outcome {}

        /** A valid token whose policy does not cover this method ARN: 403 with the challenge. */
        record Denied() implements Outcome {}

        /** The authorizer failed (not a refusal): API Gateway's AUTHORIZER_FAILURE. */
        record Failed() implements Outcome {}
    }

    private record Decision(ExecuteApiPolicy policy, Map<String, String> context, Instant expires) {}

    private final RequestStreamHandler handler;
    private final Duration ttl;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, Decision> cache = new ConcurrentHashMap<>();

    LocalAuthorizer(RequestStreamHandler handler, Duration ttl, Clock clock, ObjectMapper json) {
        this.handler = handler;
        this.ttl = ttl;
        this.clock = clock;
        this.json = json;
    }

    static String methodArn(String method, String stagePath) {
        return ARN_PREFIX + method + "/" + (stagePath.startsWith("/") ? stagePath.substring(1) : stagePath);
    }

    /** @param event the request as the integration would get it; the authorizer gets it with type and methodArn. */
    Outcome authorize(ObjectNode event, String authorization, String methodArn, String requestId) {
        if (authorization == null || authorization.isBlank()) return new Outcome.Unauthorized();
        Instant now = clock.instant();
        Decision decision = cache.get(authorization);
        if (decision == null || !now.isBefore(decision.expires())) {
            ObjectNode request = event.deepCopy();
            request.put("type", "REQUEST");
            request.put("methodArn", methodArn);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(json.writeValueAsBytes(request)), answer,
                        new LocalContext(requestId, "authorizer-function"));
            } catch (RuntimeException e) {
                return "Unauthorized".equals(e.getMessage()) ? new Outcome.Unauthorized() : new Outcome.Failed();
            } catch (IOException e) {
                return new Outcome.Failed();
            }
            try {
                decision = decision(json.readTree(answer.toByteArray()), now);
            } catch (IOException | RuntimeException e) {
                return new Outcome.Failed();
            }
            if (ttl.isPositive()) {
                if (cache.size() >= MAX_CACHED) cache.clear();
                cache.put(authorization, decision);
            }
        }
        return decision.policy().allows(methodArn) ? new Outcome.Allowed(decision.context()) : new Outcome.Denied();
    }

    private Decision decision(JsonNode answer, Instant now) {
        if (!answer.path("principalId").isTextual() || !answer.path("policyDocument").isObject())
            throw new IllegalArgumentException("authorizer answer without principalId or policyDocument");
        Map<String, String> context = new LinkedHashMap<>();
        answer.path("context").properties().forEach(e -> context.put(e.getKey(), e.getValue().asText()));
        context.put("principalId", answer.get("principalId").asText());
        return new Decision(ExecuteApiPolicy.parse(answer.get("policyDocument")), Map.copyOf(context), now.plus(ttl));
    }
}
