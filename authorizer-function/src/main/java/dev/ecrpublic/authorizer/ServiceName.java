package dev.ecrpublic.authorizer;

import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.util.Optional;

/**
 * The token {@code service} (and so its {@code aud}): the configured {@code REGISTRY_SERVICE}, else the host the
 * client addressed, which is what the gateway's challenge names. API Gateway only routes a request to this API when
 * its Host is one of the API's own names, so the header cannot point a token at someone else's registry.
 */
public record ServiceName(Optional<String> configured) {
    public String resolve(Headers headers) {
        return configured.or(() -> headers.first("Host").map(String::trim).filter(h -> !h.isEmpty()))
                .orElseThrow(() -> new RegistryException(OciError.REQUEST_INVALID, "no Host header"));
    }

    public static ServiceName fromEnvironment() {
        return new ServiceName(Optional.ofNullable(System.getenv("REGISTRY_SERVICE")).filter(s -> !s.isBlank()));
    }
}
