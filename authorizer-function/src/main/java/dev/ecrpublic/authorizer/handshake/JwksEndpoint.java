package dev.ecrpublic.authorizer.handshake;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import dev.ecrpublic.registry.RegistryException;
import dev.ecrpublic.keys.Jwks;

/**
 * {@code GET /v2/token/keys}: the public halves of the keys tokens may be signed with (current, previous and any
 * pending one), so that anyone can verify a token offline.
 */
public final class JwksEndpoint {
    private final KeySource keys;

    public JwksEndpoint(KeySource keys) {
        this.keys = keys;
    }

    public GatewayResponse serve(GatewayRequest request) {
        try {
            if (!request.method().equals("GET") && !request.method().equals("HEAD"))
                throw new RegistryException(OciError.METHOD_UNSUPPORTED);
            GatewayResponse response = GatewayResponse.json(200, Jwks.document(keys.publicKeys()), Headers.empty());
            response.headers().set("Content-Type", "application/jwk-set+json");
            response.headers().set("Cache-Control", "public, max-age=300");
            return request.method().equals("HEAD") ? response.withoutBody() : response;
        } catch (RuntimeException e) {
            return OciErrorResponse.from(e, request.requestId());
        }
    }
}
