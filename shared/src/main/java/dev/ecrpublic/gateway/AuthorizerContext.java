package dev.ecrpublic.gateway;

import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.policy.RepositoryGlob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the REQUEST authorizer hands the proxy through API Gateway: the token's subject and the access it carries.
 * API Gateway only passes flat string values, so names and patterns travel space-separated (neither may contain a
 * space). The proxy re-checks every request against it, because an execute-api ARN's {@code *} crosses {@code /},
 * and routes by the registry mapping it carries.
 */
public record AuthorizerContext(String principal, GrantedAccess access) {
    static final String PRINCIPAL = "principal";
    static final String REPOSITORIES = "repositories";
    static final String CATALOG = "catalog";
    static final String CATALOG_REPOSITORIES = "catalogRepositories";
    static final String REGISTRIES = "registries";

    public AuthorizerContext {
        principal = principal == null ? "" : principal;
    }

    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(PRINCIPAL, principal);
        map.put(REPOSITORIES, String.join(" ", access.pullableRepositories()));
        map.put(CATALOG, Boolean.toString(access.catalog()));
        map.put(CATALOG_REPOSITORIES, String.join(" ",
                access.catalogRepositories().stream().map(RepositoryGlob::pattern).toList()));
        map.put(REGISTRIES, access.registries().toContextValue());
        return map;
    }

    /** Empty when the request did not pass an authorizer of ours (no principal key at all). */
    public static Optional<AuthorizerContext> fromMap(Map<String, String> context) {
        if (context == null || !context.containsKey(PRINCIPAL)) return Optional.empty();
        List<Access> access = new ArrayList<>();
        for (String name : words(context.get(REPOSITORIES))) access.add(new Access("repository", name, List.of("pull")));
        boolean catalog = Boolean.parseBoolean(context.get(CATALOG));
        if (catalog) access.add(new Access("registry", "catalog", List.of("*")));
        List<RepositoryGlob> patterns = catalog
                ? words(context.get(CATALOG_REPOSITORIES)).stream().map(RepositoryGlob::parse).toList()
                : List.of();
        RegistryMapping registries = RegistryMapping.fromContextValue(context.get(REGISTRIES));
        return Optional.of(new AuthorizerContext(context.get(PRINCIPAL), new GrantedAccess(access, patterns, registries)));
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) return List.of();
        return Arrays.stream(value.trim().split(" +")).toList();
    }
}
