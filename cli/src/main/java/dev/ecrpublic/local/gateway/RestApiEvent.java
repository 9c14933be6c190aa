package dev.ecrpublic.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the event a REST API (stage {@code v2}) hands a Lambda proxy integration, from a real HTTP request, with the
 * fields API Gateway fills: single- and multi-value headers and query strings, the stage-relative path, the proxy path
 * parameter and the request context.
 */
final class RestApiEvent {
    static final String STAGE = "v2";

    private RestApiEvent() {}

    /**
     * @param stagePath the path after {@code /v2}, still percent-encoded as the client sent it ("/" for the root)
     * @param resource  the API resource that matched, e.g. {@code /{proxy+}}
     */
    static ObjectNode of(ObjectMapper json, Request request, String stagePath, String resource, String requestId,
                         String body) {
        String method = request.getMethod();
        ObjectNode event = json.createObjectNode();
        event.put("resource", resource);
        event.put("path", stagePath);
        event.put("httpMethod", method);

        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        for (HttpField field : request.getHeaders()) {
            // Each header line is one value, as API Gateway lists them; the single-value map keeps the last one.
            headers.put(field.getName(), field.getValue());
            ArrayNode all = multiHeaders.has(field.getName())
                    ? (ArrayNode) multiHeaders.get(field.getName())
                    : multiHeaders.putArray(field.getName());
            all.add(field.getValue());
        }

        Map<String, List<String>> query = parseQuery(request.getHttpURI().getQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.getLast());
                ArrayNode all = multi.putArray(name);
                values.forEach(all::add);
            });
        }

        int proxy = resource.indexOf("{proxy+}");
        if (proxy >= 0) event.putObject("pathParameters").put("proxy", stagePath.substring(proxy));
        else event.putNull("pathParameters");
        event.putNull("stageVariables");

        ObjectNode context = event.putObject("requestContext");
        context.put("resourcePath", resource);
        context.put("httpMethod", method);
        context.put("path", "/" + STAGE + (stagePath.equals("/") ? "/" : stagePath));
        context.put("stage", STAGE);
        context.put("requestId", requestId);
        context.put("extendedRequestId", requestId);
        context.put("requestTimeEpoch", System.currentTimeMillis());
        context.put("protocol", request.getConnectionMetaData().getProtocol());
        context.put("domainName", request.getHeaders().get(HttpHeader.HOST));
        context.put("accountId", "123456789012");
        context.put("apiId", "local");
        context.putObject("identity").put("sourceIp", Request.getRemoteAddr(request))
                .put("userAgent", request.getHeaders().get(HttpHeader.USER_AGENT));

        if (body == null) event.putNull("body");
        else event.put("body", body);
        event.put("isBase64Encoded", false);
        return event;
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** API Gateway hands functions decoded query parameters. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return query;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
