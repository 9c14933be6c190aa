package dev.ecrpublic.authorizer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.gateway.ProxyIntegrationJson;

import java.io.IOException;
import java.io.InputStream;

/**
 * The parts of a REST API REQUEST authorizer event we read: the method ARN being called and the headers (the
 * identity source is {@code Authorization}; {@code Host} names the service). Read with a streaming parser.
 */
public record AuthorizerRequest(String methodArn, Headers headers, String requestId) {
    @Override
    public String toString() {
        return "AuthorizerRequest[" + methodArn + " " + requestId + "]";
    }

    public static AuthorizerRequest read(InputStream in) throws IOException {
        try (JsonParser p = ProxyIntegrationJson.factory().createParser(in)) {
            return read(p);
        }
    }

    public static AuthorizerRequest read(String json) throws IOException {
        try (JsonParser p = ProxyIntegrationJson.factory().createParser(json)) {
            return read(p);
        }
    }

    private static AuthorizerRequest read(JsonParser p) throws IOException {
        String methodArn = "", requestId = "";
        Headers single = Headers.empty(), multi = Headers.empty();
        if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("authorizer event is not a JSON object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "methodArn" -> methodArn = value == JsonToken.VALUE_STRING ? p.getText() : "";
                case "headers" -> readHeaders(p, value, single);
                case "multiValueHeaders" -> readHeaders(p, value, multi);
                case "requestContext" -> {
                    if (value != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if (name.equals("requestId") && v == JsonToken.VALUE_STRING) requestId = p.getText();
                        else p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        // API Gateway sends both maps; the multi-value one keeps repeated headers, the single one is the fallback.
        Headers headers = multi.asMap().isEmpty() ? single : multi;
        return new AuthorizerRequest(methodArn, headers, requestId);
    }

    private static void readHeaders(JsonParser p, JsonToken value, Headers into) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) into.add(name, p.getText());
            else if (v == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) if (p.currentToken() == JsonToken.VALUE_STRING) into.add(name, p.getText());
            } else p.skipChildren();
        }
    }
}
