package dev.ecrpublic.proxy.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.proxy.registry.BackingRegistry.Referrer;
import dev.ecrpublic.proxy.registry.BackingRegistry.ReferrersPage;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET and HEAD of {@code /v2/<name>/referrers/<digest>} (OCI distribution 1.1): the manifests whose {@code subject}
 * is that digest, as an OCI image index. Each page is one backing call: the backing registry pages the list itself,
 * and its token for the next page rides in the {@code Link} header, so a client that follows it gets that page.
 */
final class ReferrersEndpoint {
    static final String ARTIFACT_TYPE = "artifactType";
    /** Our own query parameter: the spec leaves the next page's URL to the registry. */
    static final String PAGE_TOKEN = "nextToken";

    private final BackingRegistry backing;

    ReferrersEndpoint(BackingRegistry backing) {
        this.backing = backing;
    }

    GatewayResponse get(Route.Referrers route, LocatedRepository repository, GatewayRequest request) {
        List<String> artifactTypes = request.query().getOrDefault(ARTIFACT_TYPE, List.of()).stream()
                .filter(type -> !type.isEmpty()).distinct().toList();
        Optional<String> pageToken = request.queryParameter(PAGE_TOKEN).filter(token -> !token.isEmpty());
        ReferrersPage page = backing.referrers(repository, route.digest(), artifactTypes, pageToken);

        Headers headers = Headers.empty();
        if (!artifactTypes.isEmpty()) headers.set("OCI-Filters-Applied", ARTIFACT_TYPE);
        page.nextToken().ifPresent(token -> headers.set("Link",
                "<" + nextPage(route, artifactTypes, token) + ">; rel=\"next\""));
        String body = index(page.referrers());
        headers.set("Content-Type", ManifestMediaTypes.OCI_INDEX);
        headers.set("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return new GatewayResponse(200, headers, body);
    }

    /** The same request (same filter) for the page after this one. */
    private static String nextPage(Route.Referrers route, List<String> artifactTypes, String token) {
        StringBuilder path = new StringBuilder("/v2/").append(route.name().value())
                .append("/referrers/").append(route.digest().value()).append('?');
        for (String type : artifactTypes) path.append(ARTIFACT_TYPE).append('=').append(encode(type)).append('&');
        return path.append(PAGE_TOKEN).append('=').append(encode(token)).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An image index whose manifests are the referrers' descriptors; absent artifactType and annotations are left out. */
    private static String index(List<Referrer> referrers) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", 2);
            g.writeStringField("mediaType", ManifestMediaTypes.OCI_INDEX);
            g.writeArrayFieldStart("manifests");
            for (Referrer referrer : referrers) {
                g.writeStartObject();
                g.writeStringField("mediaType", referrer.mediaType());
                g.writeStringField("digest", referrer.digest().value());
                g.writeNumberField("size", referrer.size());
                if (referrer.artifactType().isPresent()) g.writeStringField("artifactType", referrer.artifactType().get());
                if (!referrer.annotations().isEmpty()) {
                    g.writeObjectFieldStart("annotations");
                    for (Map.Entry<String, String> a : referrer.annotations().entrySet())
                        g.writeStringField(a.getKey(), a.getValue());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }
}
