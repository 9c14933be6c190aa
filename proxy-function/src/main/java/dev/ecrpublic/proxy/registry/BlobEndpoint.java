package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;

/**
 * {@code /v2/<name>/blobs/<digest>}: GET redirects to ECR's short-lived download URL, so blob bytes never pass through
 * Lambda; HEAD answers from ECR's layer check, with the size clients need.
 */
final class BlobEndpoint {
    private final BackingRegistry backing;

    BlobEndpoint(BackingRegistry backing) {
        this.backing = backing;
    }

    GatewayResponse get(Route.Blob route, LocatedRepository repository) {
        String location = backing.blobLocation(repository, route.digest()).toString();
        return new GatewayResponse(307, Headers.of(
                "Location", location,
                "Docker-Content-Digest", route.digest().value(),
                "Content-Length", "0"), "");
    }

    GatewayResponse head(Route.Blob route, LocatedRepository repository) {
        long size = backing.blobSize(repository, route.digest());
        return new GatewayResponse(200, Headers.of(
                "Content-Type", "application/octet-stream",
                "Content-Length", Long.toString(size),
                "Docker-Content-Digest", route.digest().value(),
                "ETag", "\"" + route.digest().value() + "\""), "");
    }
}
