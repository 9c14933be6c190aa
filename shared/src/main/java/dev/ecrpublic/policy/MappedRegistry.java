package dev.ecrpublic.policy;

import dev.ecrpublic.reference.Grammar;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of the policy's {@code registries}: repositories whose client-visible name starts with {@code prefix} live
 * in another ECR registry (account) or region, under the same name or, with {@code stripPrefix}, without the prefix.
 * The prefix is whole path components ({@code prod/}), so {@code prod/app} matches and {@code production/app} does not.
 */
public record MappedRegistry(String prefix, Optional<String> registryId, Optional<String> region, boolean stripPrefix) {
    private static final Pattern PREFIX = Pattern.compile("(?:" + Grammar.NAME + ")/");
    private static final Pattern REGISTRY_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-[0-9]+");
    private static final Set<String> KEYS = Set.of("prefix", "registryId", "region", "stripPrefix");

    public MappedRegistry {
        if (prefix == null || prefix.length() > Grammar.NAME_MAX_LENGTH || !PREFIX.matcher(prefix).matches())
            throw new PolicyException("prefix: must be repository path components ending in '/', such as 'prod/'");
        if (registryId.isPresent() && !REGISTRY_ID.matcher(registryId.get()).matches())
            throw new PolicyException("registryId: must be a 12-digit AWS account id");
        if (region.isPresent() && !REGION.matcher(region.get()).matches())
            throw new PolicyException("region: must be an AWS region such as eu-west-1");
        if (registryId.isEmpty() && region.isEmpty())
            throw new PolicyException("registryId or region: at least one is required");
    }

    public boolean matches(String name) {
        return name.startsWith(prefix) && name.length() > prefix.length();
    }

    /** Where {@code name} (which {@link #matches}) lives. */
    public RepositoryLocation locate(String name) {
        return new RepositoryLocation(registryId, region, stripPrefix ? name.substring(prefix.length()) : name);
    }

    /** The registry and region this entry routes to, without a repository. */
    public RepositoryLocation registry() {
        return new RepositoryLocation(registryId, region, "");
    }

    /** The name clients use for a repository of this registry; empty when no client name reaches it. */
    public Optional<String> clientName(String repositoryName) {
        if (stripPrefix) return Optional.of(prefix + repositoryName);
        return matches(repositoryName) ? Optional.of(repositoryName) : Optional.empty();
    }

    static MappedRegistry from(Object value, String where) {
        StrictObject o = StrictObject.of(value, where, KEYS);
        Object strip = o.get("stripPrefix");
        if (strip != null && !(strip instanceof Boolean)) throw new PolicyException(o.path("stripPrefix") + ": must be true or false");
        try {
            return new MappedRegistry(o.string("prefix"), o.optionalString("registryId"), o.optionalString("region"),
                    Boolean.TRUE.equals(strip));
        } catch (PolicyException e) {
            throw new PolicyException(where + "." + e.getMessage());
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("prefix", prefix);
        registryId.ifPresent(id -> map.put("registryId", id));
        region.ifPresent(r -> map.put("region", r));
        map.put("stripPrefix", stripPrefix);
        return map;
    }

    /** One flat word for the authorizer context: {@code prefix,registryId,region,strip|keep}, absent fields empty. */
    String toWord() {
        return prefix + "," + registryId.orElse("") + "," + region.orElse("") + "," + (stripPrefix ? "strip" : "keep");
    }

    static MappedRegistry fromWord(String word) {
        String[] f = word.split(",", -1);
        if (f.length != 4 || !(f[3].equals("strip") || f[3].equals("keep")))
            throw new PolicyException("malformed registry mapping");
        return new MappedRegistry(f[0], optional(f[1]), optional(f[2]), f[3].equals("strip"));
    }

    private static Optional<String> optional(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
