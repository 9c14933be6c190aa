package dev.ecrpublic.policy;

import dev.ecrpublic.reference.Grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policy's ordered {@code registries}: the first entry whose prefix matches a name says where it lives; no match
 * means the function's own registry and region. Tokens carry the entries their names need, so the proxy routes
 * without reading the policy itself.
 */
public record RegistryMapping(List<MappedRegistry> entries) {
    public static final RegistryMapping NONE = new RegistryMapping(List.of());

    public RegistryMapping {
        entries = List.copyOf(entries);
        Set<String> prefixes = new LinkedHashSet<>();
        for (MappedRegistry e : entries)
            if (!prefixes.add(e.prefix())) throw new PolicyException("prefix listed twice: " + e.prefix());
    }

    public RepositoryLocation locate(String name) {
        return entry(name).map(e -> e.locate(name)).orElseGet(() -> RepositoryLocation.own(name));
    }

    public Optional<MappedRegistry> entry(String name) {
        return entries.stream().filter(e -> e.matches(name)).findFirst();
    }

    /** Only the entries that route one of {@code names}; they route those names exactly as the whole list does. */
    public RegistryMapping routing(Collection<String> names) {
        Set<MappedRegistry> used = new LinkedHashSet<>();
        for (String name : names) entry(name).ifPresent(used::add);
        return new RegistryMapping(entries.stream().filter(used::contains).toList());
    }

    /**
     * Whether {@code clientName}, found by listing {@code source} (an entry, or empty for the own registry), is
     * really routed there: an earlier prefix, or any prefix for own repositories, hides it.
     */
    public boolean routesTo(String clientName, Optional<MappedRegistry> source) {
        return entry(clientName).equals(source);
    }

    /**
     * The names clients use for {@code ecrNames}, listed in {@code source} (an entry, or empty for the own registry):
     * those the source gives a client name, that a prefix does not route elsewhere (pulling them would not reach these
     * repositories), and that still fit the name grammar's length once a prefix is added.
     */
    public List<String> clientNames(Optional<MappedRegistry> source, Collection<String> ecrNames) {
        List<String> names = new ArrayList<>();
        for (String ecrName : ecrNames)
            source.map(e -> e.clientName(ecrName)).orElse(Optional.of(ecrName))
                    .filter(client -> client.length() <= Grammar.NAME_MAX_LENGTH && routesTo(client, source))
                    .ifPresent(names::add);
        return names;
    }

    static RegistryMapping from(List<Object> values, String where) {
        List<MappedRegistry> entries = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) entries.add(MappedRegistry.from(values.get(i), where + "[" + i + "]"));
        try {
            return new RegistryMapping(entries);
        } catch (PolicyException e) {
            throw new PolicyException(where + ": " + e.getMessage());
        }
    }

    /** The authorizer-context form: entries as flat words, space-separated (prefixes never contain spaces or commas). */
    public String toContextValue() {
        return entries.stream().map(MappedRegistry::toWord).collect(Collectors.joining(" "));
    }

    /** Reads {@link #toContextValue} back; throws {@link PolicyException} when it is not ours. */
    public static RegistryMapping fromContextValue(String value) {
        if (value == null || value.isBlank()) return NONE;
        return new RegistryMapping(Arrays.stream(value.trim().split(" +")).map(MappedRegistry::fromWord).toList());
    }

    /** The claim form, which is also the policy's own JSON shape. */
    public List<Map<String, Object>> toClaim() {
        return entries.stream().map(MappedRegistry::toMap).toList();
    }

    /** Reads {@link #toClaim} back; throws {@link PolicyException} when it does not have our shape. */
    public static RegistryMapping fromClaim(Object claim) {
        if (!(claim instanceof List<?> list)) throw new PolicyException("registries: must be a list");
        return from(new ArrayList<>(list), "registries");
    }
}
