package dev.ecrpublic.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads REST API proxy integration events and writes their responses with a streaming parser: no databind, no
 * reflection, only the fields the functions use. Handlers are {@code RequestStreamHandler}s so that the Lambda
 * runtime's own POJO serialization (hundreds of milliseconds at cold start) never runs.
 */
public final class ProxyIntegrationJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String GREEDY = "{proxy+}";

    private ProxyIntegrationJson() {}

    public static JsonFactory factory() {
        return JSON;
    }

    public static GatewayRequest readRequest(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            return readRequest(p);
        }
    }

    public static GatewayRequest readRequest(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            return readRequest(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GatewayRequest readRequest(JsonParser p) throws IOException {
        String method = null, path = null, resource = null, proxyPath = null, requestId = null, body = null;
        boolean base64 = false;
        Map<String, List<String>> singleHeaders = null, multiHeaders = null;
        Map<String, List<String>> singleQuery = null, multiQuery = null;
        Map<String, String> authorizer = Map.of();
        expect(p.nextToken(), JsonToken.START_OBJECT);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "httpMethod" -> method = text(p);
                case "path" -> path = text(p);
                case "resource" -> resource = text(p);
                case "pathParameters" -> {
                    Map<String, List<String>> parameters = readMultiMap(p, false);
                    if (parameters != null && parameters.containsKey("proxy")) proxyPath = parameters.get("proxy").getFirst();
                }
                case "headers" -> singleHeaders = readMultiMap(p, false);
                case "multiValueHeaders" -> multiHeaders = readMultiMap(p, true);
                case "queryStringParameters" -> singleQuery = readMultiMap(p, false);
                case "multiValueQueryStringParameters" -> multiQuery = readMultiMap(p, true);
                case "body" -> body = text(p);
                case "isBase64Encoded" -> base64 = value == JsonToken.VALUE_TRUE;
                case "requestContext" -> {
                    if (value != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String contextField = p.currentName();
                        JsonToken contextValue = p.nextToken();
                        if (contextField.equals("requestId")) requestId = text(p);
                        else if (contextField.equals("authorizer") && contextValue == JsonToken.START_OBJECT)
                            authorizer = readFlatObject(p);
                        else p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        Headers headers = Headers.empty();
        preferred(multiHeaders, singleHeaders).forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        return new GatewayRequest(method, stagePath(resource, proxyPath, path), headers, preferred(multiQuery, singleQuery),
                requestId, authorizer, body, base64);
    }

    /**
     * The path below the stage. {@code path} alone can't tell: through the execute-api host it lacks the stage, but
     * through a custom domain it carries the base path mapping ({@code /v2/...}), and a repository may itself be named
     * {@code v2}. The matched resource and its greedy parameter are the same either way: a resource without
     * parameters is the path itself, a greedy one ({@code /{proxy+}}, {@code /_gallery/{proxy+}}) its literal prefix
     * followed by the parameter.
     */
    private static String stagePath(String resource, String proxyPath, String path) {
        if (proxyPath != null) {
            boolean greedy = resource != null && resource.endsWith("/" + GREEDY);
            return (greedy ? resource.substring(0, resource.length() - GREEDY.length()) : "/") + proxyPath;
        }
        if (resource != null && resource.startsWith("/") && !resource.contains("{")) return resource;
        return path;
    }

    /** API Gateway fills both maps; the multi-value one is the only one that keeps repeated names. */
    private static Map<String, List<String>> preferred(Map<String, List<String>> multi, Map<String, List<String>> single) {
        return multi != null ? multi : single != null ? single : Map.of();
    }

    /** Reads {"k": "v"} or {"k": ["v1", "v2"]} into a multimap, or null when the field is null; null values are dropped. */
    private static Map<String, List<String>> readMultiMap(JsonParser p, boolean multi) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Map<String, List<String>> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            List<String> list = new ArrayList<>(1);
            if (multi && value == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken().isScalarValue() && p.currentToken() != JsonToken.VALUE_NULL) list.add(p.getText());
                    else p.skipChildren();
                }
            } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                list.add(p.getText());
            } else {
                p.skipChildren();
            }
            if (!list.isEmpty()) map.put(name, list);
        }
        return map;
    }

    private static Map<String, String> readFlatObject(JsonParser p) throws IOException {
        Map<String, String> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isScalarValue() && value != JsonToken.VALUE_NULL) map.put(name, p.getText());
            else p.skipChildren();
        }
        return map;
    }

    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) return null;
        if (!t.isScalarValue()) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) throw new IOException("expected " + expected + " but found " + actual);
    }

    public static void writeResponse(GatewayResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeResponse(response, g);
        }
    }

    public static String writeResponse(GatewayResponse response) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(writer)) {
            writeResponse(response, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }

    private static void writeResponse(GatewayResponse response, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("statusCode", response.status());
        g.writeObjectFieldStart("multiValueHeaders");
        for (Map.Entry<String, List<String>> header : response.headers().asMap().entrySet()) {
            g.writeArrayFieldStart(header.getKey());
            for (String v : header.getValue()) g.writeString(v);
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeStringField("body", response.body());
        g.writeBooleanField("isBase64Encoded", false);
        g.writeEndObject();
    }
}
