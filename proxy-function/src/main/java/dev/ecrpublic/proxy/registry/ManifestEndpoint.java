package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.proxy.registry.BackingRegistry.ManifestContent;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** GET and HEAD of {@code /v2/<name>/manifests/<reference>}. */
final class ManifestEndpoint {
    private final BackingRegistry backing;

    ManifestEndpoint(BackingRegistry backing) {
        this.backing = backing;
    }

    GatewayResponse get(Route.Manifest route, GatewayRequest request) {
        // Content asked for by digest is immutable: ask for it in any type, so ECR never converts it into other bytes.
        List<String> accepted = route.reference() instanceof ManifestReference.ByDigest
                ? ManifestMediaTypes.ALL
                : ManifestMediaTypes.accepted(request.headers().all("Accept"));
        ManifestContent content = backing.manifest(route.name(), route.reference(), accepted);
        Digest digest = Digest.sha256Of(content.bytes());
        if (route.reference() instanceof ManifestReference.ByDigest(Digest asked) && !asked.equals(digest))
            throw new RegistryException(OciError.UPSTREAM_INCONSISTENT, null, Map.of("digest", asked.value()));

        String etag = "\"" + digest.value() + "\"";
        Headers headers = Headers.of(
                "Docker-Content-Digest", digest.value(),
                "ETag", etag);
        if (request.headers().all("If-None-Match").stream().anyMatch(v -> v.contains(etag)))
            return new GatewayResponse(304, headers, "");
        headers.set("Content-Type", content.mediaType());
        headers.set("Content-Length", Integer.toString(content.bytes().length));
        return new GatewayResponse(200, headers, new String(content.bytes(), StandardCharsets.UTF_8));
    }
}
