package dev.ecrpublic.gateway;

import java.nio.charset.StandardCharsets;

/** A proxy integration answer. Bodies here are always text (JSON manifests, OCI errors). */
public record GatewayResponse(int status, Headers headers, String body) {
    public GatewayResponse {
        headers = headers == null ? Headers.empty() : headers;
        body = body == null ? "" : body;
    }

    public static GatewayResponse json(int status, String body, Headers headers) {
        headers.set("Content-Type", "application/json");
        headers.set("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return new GatewayResponse(status, headers, body);
    }

    /** The same response without its body, as HEAD wants it: every header, Content-Length included, stays. */
    public GatewayResponse withoutBody() {
        return new GatewayResponse(status, headers, "");
    }
}
