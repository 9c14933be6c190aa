package dev.ecrpublic.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.gateway.ProxyIntegrationJson;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** The single place that turns a failure into the OCI {@code {"errors":[...]}} body and its status. */
public final class OciErrorResponse {
    public static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
    public static final String API_VERSION = "registry/2.0";
    /** Seconds a throttled client should wait; ECR's token buckets refill within a second or two. */
    static final String RETRY_AFTER_SECONDS = "1";

    private OciErrorResponse() {}

    /**
     * Anything that is not a {@link RegistryException} is an internal failure: the client gets UNKNOWN and the request
     * id to quote, never the exception's message.
     */
    public static GatewayResponse from(Throwable failure, String requestId) {
        if (failure instanceof RegistryException e) return of(e.error(), e.getMessage(), e.detail());
        return of(OciError.UNKNOWN, OciError.UNKNOWN.message, requestId == null ? Map.of() : Map.of("requestId", requestId));
    }

    public static GatewayResponse of(OciError error, String message, Map<String, String> detail) {
        Headers headers = Headers.of(API_VERSION_HEADER, API_VERSION);
        if (error == OciError.TOOMANYREQUESTS) headers.set("Retry-After", RETRY_AFTER_SECONDS);
        if (error == OciError.METHOD_UNSUPPORTED) headers.set("Allow", "GET, HEAD");
        return GatewayResponse.json(error.status, body(error, message, detail), headers);
    }

    private static String body(OciError error, String message, Map<String, String> detail) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            g.writeArrayFieldStart("errors");
            g.writeStartObject();
            g.writeStringField("code", error.code);
            g.writeStringField("message", message == null ? error.message : message);
            if (!detail.isEmpty()) {
                g.writeObjectFieldStart("detail");
                for (Map.Entry<String, String> e : detail.entrySet()) g.writeStringField(e.getKey(), e.getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }
}
