package dev.ecrpublic.proxy.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.policy.MappedRegistry;
import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code /v2/<name>/tags/list} and {@code /v2/_catalog}. ECR lists in its own order but the spec wants lexical order
 * with {@code last} as a cursor, so the whole list is read, sorted and then paged.
 */
final class ListingEndpoint {
    private final BackingRegistry backing;
    private final Consumer<String> log;

    ListingEndpoint(BackingRegistry backing, Consumer<String> log) {
        this.backing = backing;
        this.log = log;
    }

    GatewayResponse tags(Route.Tags route, LocatedRepository repository, GatewayRequest request) {
        Pagination pagination = Pagination.from(request);
        String name = route.name().value();
        Pagination.Page page = pagination.apply(sorted(backing.tags(repository)), "/v2/" + name + "/tags/list");
        return respond(page, "tags", name);
    }

    /**
     * The own registry's repositories and every mapped registry's, under the names clients use; a name another
     * prefix routes elsewhere is left out, since pulling it would not reach that repository. A mapped registry ECR
     * refuses to list (another account's repository policies cannot allow listing a whole registry) is left out and
     * logged, so one such mapping does not take the whole catalog down; pulls from it are unaffected. Only the
     * repositories the caller may see are listed, and paging counts only those.
     */
    GatewayResponse catalog(GatewayRequest request, RegistryMapping registries, Predicate<String> visible) {
        Pagination pagination = Pagination.from(request);
        List<String> repositories = new ArrayList<>(
                registries.clientNames(Optional.empty(), backing.repositories(RepositoryLocation.own(""))));
        for (MappedRegistry entry : registries.entries())
            repositories.addAll(registries.clientNames(Optional.of(entry), listable(entry)));
        return respond(pagination.apply(sorted(repositories.stream().filter(visible).toList()), "/v2/_catalog"),
                "repositories", null);
    }

    private List<String> listable(MappedRegistry entry) {
        try {
            return backing.repositories(entry.registry());
        } catch (RegistryException e) {
            if (e.error() != OciError.DENIED) throw e;
            LogLine.warn("catalog leaves out a mapped registry that ECR refuses to list")
                    .with("prefix", entry.prefix()).writeTo(log);
            return List.of();
        }
    }

    private static List<String> sorted(List<String> items) {
        return List.copyOf(new TreeSet<>(items));
    }

    private static GatewayResponse respond(Pagination.Page page, String field, String name) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            if (name != null) g.writeStringField("name", name);
            g.writeArrayFieldStart(field);
            for (String item : page.items()) g.writeString(item);
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Headers headers = Headers.empty();
        page.nextLink().ifPresent(link -> headers.set("Link", link));
        return GatewayResponse.json(200, writer.toString(), headers);
    }
}
