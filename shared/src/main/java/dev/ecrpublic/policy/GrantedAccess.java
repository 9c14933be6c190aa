package dev.ecrpublic.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a token carries: the granted access entries; when the catalog is granted, the patterns that decide which
 * repositories the catalog may list (so the catalog never shows a repository the caller cannot pull); and the
 * registry mapping that says where the granted names live.
 */
public record GrantedAccess(List<Access> access, List<RepositoryGlob> catalogRepositories, RegistryMapping registries) {
    public static final GrantedAccess NONE = new GrantedAccess(List.of(), List.of());

    public GrantedAccess {
        access = List.copyOf(new LinkedHashSet<>(access));
        catalogRepositories = List.copyOf(new LinkedHashSet<>(catalogRepositories));
        Objects.requireNonNull(registries, "registries");
    }

    /** Access to repositories of the function's own registry only. */
    public GrantedAccess(List<Access> access, List<RepositoryGlob> catalogRepositories) {
        this(access, catalogRepositories, RegistryMapping.NONE);
    }

    public Set<String> pullableRepositories() {
        return access.stream()
                .filter(a -> a.type().equals(Access.REPOSITORY) && a.actions().contains("pull"))
                .map(Access::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public boolean catalog() {
        return access.stream().anyMatch(a -> a.type().equals(Access.REGISTRY) && a.name().equals(Access.CATALOG)
                && a.actions().contains("*"));
    }

    public boolean mayPull(String name) {
        return access.stream().anyMatch(a -> a.type().equals(Access.REPOSITORY) && a.name().equals(name)
                && a.actions().contains("pull"));
    }

    public boolean catalogShows(String name) {
        return catalog() && catalogRepositories.stream().anyMatch(g -> g.matches(name));
    }
}
