package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.log.Metric;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import dev.ecrpublic.registry.RegistryException;

import java.util.List;
import java.util.function.Consumer;

/**
 * The pull API over a {@link BackingRegistry}, knowing nothing of Lambda: one request in, one response out, one log
 * line written. Every failure becomes an OCI error here and nowhere else.
 */
public final class Registry {
    private final BackingRegistry backing;
    private final ManifestEndpoint manifests;
    private final BlobEndpoint blobs;
    private final ListingEndpoint listings;
    private final ReferrersEndpoint referrers;
    private final AuthMode authMode;
    private final Consumer<String> log;

    public Registry(BackingRegistry backing, AuthMode authMode, Consumer<String> log) {
        this.authMode = authMode;
        this.backing = backing;
        this.manifests = new ManifestEndpoint(backing, new ManifestCache(ManifestCache.DEFAULT_MAX_BYTES));
        this.blobs = new BlobEndpoint(backing);
        this.listings = new ListingEndpoint(backing, log);
        this.referrers = new ReferrersEndpoint(backing);
        this.log = log;
    }

    public GatewayResponse serve(GatewayRequest request) {
        long started = System.nanoTime();
        long callsBefore = backing.callsOnThisThread();
        boolean head = request.method().equals("HEAD");
        Route route = null;
        PullPermission permission = null;
        GatewayResponse response;
        try {
            if (!head && !request.method().equals("GET")) throw new RegistryException(OciError.METHOD_UNSUPPORTED);
            permission = PullPermission.of(authMode, request);
            route = Route.parse(request.path());
            permission.require(route);
            response = dispatch(route, request, head, permission);
        } catch (RegistryException e) {
            response = OciErrorResponse.from(e, request.requestId());
        } catch (RuntimeException e) {
            LogLine.error("unexpected failure").with("requestId", request.requestId())
                    .with("exception", e.getClass().getName()).with("reason", e.getMessage()).writeTo(log);
            response = OciErrorResponse.from(e, request.requestId());
        }
        response.headers().set(OciErrorResponse.API_VERSION_HEADER, OciErrorResponse.API_VERSION);
        if (head) response = response.withoutBody();
        logRequest(request, route, permission, response, started, backing.callsOnThisThread() - callsBefore);
        return response;
    }

    private GatewayResponse dispatch(Route route, GatewayRequest request, boolean head, PullPermission permission) {
        RepositoryName name = route.repository();
        LocatedRepository at = name == null ? null : new LocatedRepository(name, permission.registries().locate(name.value()));
        return switch (route) {
            case Route.Base b -> GatewayResponse.json(200, "{}", Headers.empty());
            case Route.Catalog c -> listings.catalog(request, permission.registries(), permission::catalogShows);
            case Route.Tags t -> listings.tags(t, at, request);
            case Route.Manifest m -> manifests.get(m, at, request);
            case Route.Blob b -> head ? blobs.head(b, at) : blobs.get(b, at);
            case Route.BlobUpload u -> throw new RegistryException(OciError.METHOD_UNSUPPORTED);
            case Route.Referrers r -> referrers.get(r, at, request);
        };
    }

    private void logRequest(GatewayRequest request, Route route, PullPermission permission, GatewayResponse response,
                            long started, long backingCalls) {
        RepositoryName repository = route == null ? null : route.repository();
        int status = response.status();
        LogLine line = LogLine.info("request")
                .with("requestId", request.requestId())
                .with("principal", permission == null ? null : permission.principal())
                .with("method", request.method())
                .with("route", route == null ? null : route.getClass().getSimpleName().toLowerCase())
                .with("repository", repository == null ? null : repository.value())
                .with("reference", switch (route) {
                    case Route.Manifest m -> m.reference().toString();
                    case Route.Referrers r -> r.digest().value();
                    case null, default -> null;
                })
                .with("digest", response.headers().first("Docker-Content-Digest").orElse(null))
                .with("status", status)
                .with("statusClass", status / 100 + "xx")
                // Every dimension value is a metric CloudWatch bills for: a handful per line, never a raw path.
                .metrics(List.of(List.of("statusClass"), List.of()), Metric.count("requests", 1))
                .metrics(List.of(List.of()), Metric.micros("latencyMicros", (System.nanoTime() - started) / 1_000),
                        Metric.count("ecrCalls", backingCalls), Metric.count("throttled", status == 429 ? 1 : 0));
        // A pull is a manifest GET that succeeded. Only such names become dimensions: they are repositories that exist
        // and the function may read, so requests for made-up names cannot add metrics.
        if (route instanceof Route.Manifest && request.method().equals("GET") && status / 100 == 2)
            line.with("pulled", repository.value()).metrics(List.of(List.of("pulled"), List.of()), Metric.count("pulls", 1));
        line.writeTo(log);
    }
}
