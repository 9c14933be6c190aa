package dev.ecrpublic.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.ProxyIntegrationJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

/** A REST API proxy integration whose every failure reaches the client as an OCI error. */
public final class OciProxyIntegration {
    private OciProxyIntegration() {}

    /**
     * What every proxy-integration stream handler does: read the event, serve it, turn any failure into an OCI error
     * (never a crashed invocation, which API Gateway would answer with a bare 502), write the answer.
     */
    public static void handle(InputStream in, OutputStream out, String requestId,
                              Function<GatewayRequest, GatewayResponse> app) throws IOException {
        GatewayResponse response;
        try {
            response = app.apply(ProxyIntegrationJson.readRequest(in));
        } catch (IOException | RuntimeException e) {
            response = OciErrorResponse.from(e, requestId);
        }
        ProxyIntegrationJson.writeResponse(response, out);
    }
}
