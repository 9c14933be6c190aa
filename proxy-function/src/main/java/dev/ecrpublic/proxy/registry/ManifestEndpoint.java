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
import java.util.Map;
import java.util.Optional;

/** GET and HEAD of {@code /v2/<name>/manifests/<reference>}. */
final class ManifestEndpoint {
    private final BackingRegistry backing;
    private final ManifestCache cache;

    ManifestEndpoint(BackingRegistry backing, ManifestCache cache) {
        this.backing = backing;
        this.cache = cache;
    }

    GatewayResponse get(Route.Manifest route, LocatedRepository repository, GatewayRequest request) {
        ManifestContent content;
        Digest digest;
        if (route.reference() instanceof ManifestReference.ByDigest(Digest asked)) {
            Optional<ManifestContent> cached = cache.get(repository, asked);
            // Content asked for by digest is immutable: ask for it in any type, so ECR never converts it.
            content = cached.orElseGet(() -> backing.manifest(repository, route.reference(), ManifestMediaTypes.ALL));
            digest = cached.isPresent() ? asked : Digest.sha256Of(content.bytes());
            if (!asked.equals(digest))
                throw new RegistryException(OciError.UPSTREAM_INCONSISTENT, null, Map.of("digest", asked.value()));
        } else {
            content = backing.manifest(repository, route.reference(),
                    ManifestMediaTypes.accepted(request.headers().all("Accept")));
            digest = Digest.sha256Of(content.bytes());
        }
        cache.put(repository, digest, content);

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
