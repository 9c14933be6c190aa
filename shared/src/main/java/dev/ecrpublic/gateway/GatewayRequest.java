package dev.ecrpublic.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a REST API proxy integration hands a function, reduced to what the functions read. {@code path} is relative to
 * the stage (API Gateway's {@code path}, e.g. {@code /hello/manifests/latest} for {@code /v2/hello/manifests/latest}).
 */
public record GatewayRequest(
        String method,
        String path,
        Headers headers,
        Map<String, List<String>> query,
        String requestId,
        Map<String, String> authorizerContext,
        String body,
        boolean bodyBase64) {

    public GatewayRequest {
        method = method == null ? "" : method;
        path = path == null || path.isEmpty() ? "/" : path;
        headers = headers == null ? Headers.empty() : headers;
        query = query == null ? Map.of() : Map.copyOf(query);
        requestId = requestId == null ? "" : requestId;
        authorizerContext = authorizerContext == null ? Map.of() : Map.copyOf(authorizerContext);
    }

    public static GatewayRequest of(String method, String path, Headers headers, Map<String, List<String>> query) {
        return new GatewayRequest(method, path, headers, query, "local", Map.of(), null, false);
    }

    public Optional<String> queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public String toString() {
        // Never print header values or the body: they can carry credentials.
        return "GatewayRequest[" + method + " " + path + " " + requestId + "]";
    }
}
