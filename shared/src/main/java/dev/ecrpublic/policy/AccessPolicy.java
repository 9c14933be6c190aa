package dev.ecrpublic.policy;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.RegistryException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;

/**
 * The access policy: which repositories anyone may pull, how long tokens live, which OIDC issuers are trusted, which
 * other registries (accounts, regions) names are routed to, and whether repository tags may grant pulls.
 * {@link #grant} is the only place that decides access; it denies by default and never grants more than pull and
 * the catalog, whatever was asked for.
 */
public record AccessPolicy(List<RepositoryGlob> anonymous, int tokenTtlSeconds, List<OidcIssuer> oidc,
                           RegistryMapping registries, boolean tagAccess, int tagCacheSeconds, boolean fallback) {
    public static final int DEFAULT_TTL_SECONDS = 300;
    public static final int MIN_TTL_SECONDS = 60;
    public static final int MAX_TTL_SECONDS = 86_400;
    public static final int DEFAULT_TAG_CACHE_SECONDS = 60;
    public static final int MAX_TAG_CACHE_SECONDS = 3_600;
    private static final Set<String> KEYS =
            Set.of("anonymous", "tokenTtlSeconds", "oidc", "registries", "tagAccess", "tagCacheSeconds");

    public AccessPolicy {
        anonymous = List.copyOf(anonymous);
        oidc = List.copyOf(oidc);
        Objects.requireNonNull(registries, "registries");
        if (tokenTtlSeconds < MIN_TTL_SECONDS || tokenTtlSeconds > MAX_TTL_SECONDS)
            throw new PolicyException("tokenTtlSeconds: must be between " + MIN_TTL_SECONDS + " and "
                    + MAX_TTL_SECONDS + ", got " + tokenTtlSeconds);
        if (tagCacheSeconds < 0 || tagCacheSeconds > MAX_TAG_CACHE_SECONDS)
            throw new PolicyException("tagCacheSeconds: must be between 0 and " + MAX_TAG_CACHE_SECONDS + ", got "
                    + tagCacheSeconds);
        Set<String> issuers = new LinkedHashSet<>();
        for (OidcIssuer i : oidc)
            if (!issuers.add(i.issuer())) throw new PolicyException("oidc: issuer listed twice: " + i.issuer());
    }

    /**
     * No policy configured: everyone may pull everything, as the registry behaved before token auth. A constant, not
     * the contract's {@code fallback()} factory, because a static method cannot share its name with the accessor.
     */
    public static final AccessPolicy FALLBACK = new AccessPolicy(List.of(RepositoryGlob.parse("**")),
            DEFAULT_TTL_SECONDS, List.of(), RegistryMapping.NONE, false, DEFAULT_TAG_CACHE_SECONDS, true);

    /** A policy of patterns, token lifetime and issuers only: no other registries, no tag access. */
    public AccessPolicy(List<RepositoryGlob> anonymous, int tokenTtlSeconds, List<OidcIssuer> oidc) {
        this(anonymous, tokenTtlSeconds, oidc, RegistryMapping.NONE, false, DEFAULT_TAG_CACHE_SECONDS, false);
    }

    public static AccessPolicy parse(String json) {
        return from(StrictObject.parse(json, "policy", KEYS));
    }

    public static AccessPolicy fromMap(Map<String, Object> map) {
        return from(StrictObject.of(map, "policy", KEYS));
    }

    static AccessPolicy from(Object value, String where) {
        return from(StrictObject.of(value, where, KEYS));
    }

    private static AccessPolicy from(StrictObject o) {
        List<RepositoryGlob> anonymous = o.globs("anonymous");
        long ttl = o.optionalInteger("tokenTtlSeconds").orElse((long) DEFAULT_TTL_SECONDS);
        if (ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS)
            throw new PolicyException(o.path("tokenTtlSeconds") + ": must be between " + MIN_TTL_SECONDS + " and "
                    + MAX_TTL_SECONDS + ", got " + ttl);
        List<Object> issuerValues = o.list("oidc");
        List<OidcIssuer> oidc = new ArrayList<>();
        for (int i = 0; i < issuerValues.size(); i++) oidc.add(OidcIssuer.from(issuerValues.get(i), o.path("oidc") + "[" + i + "]"));
        RegistryMapping registries = RegistryMapping.from(o.list("registries"), o.path("registries"));
        Object tagAccess = o.get("tagAccess");
        if (tagAccess != null && !(tagAccess instanceof Boolean))
            throw new PolicyException(o.path("tagAccess") + ": must be true or false");
        long tagCache = o.optionalInteger("tagCacheSeconds").orElse((long) DEFAULT_TAG_CACHE_SECONDS);
        if (tagCache < 0 || tagCache > MAX_TAG_CACHE_SECONDS)
            throw new PolicyException(o.path("tagCacheSeconds") + ": must be between 0 and " + MAX_TAG_CACHE_SECONDS
                    + ", got " + tagCache);
        try {
            return new AccessPolicy(anonymous, (int) ttl, oidc, registries, Boolean.TRUE.equals(tagAccess),
                    (int) tagCache, false);
        } catch (PolicyException e) {
            throw new PolicyException(o.where() + "." + e.getMessage());
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("anonymous", anonymous.stream().map(RepositoryGlob::pattern).toList());
        map.put("tokenTtlSeconds", tokenTtlSeconds);
        map.put("oidc", oidc.stream().map(OidcIssuer::toMap).toList());
        if (!registries.entries().isEmpty()) map.put("registries", registries.toClaim());
        if (tagAccess) map.put("tagAccess", true);
        if (tagCacheSeconds != DEFAULT_TAG_CACHE_SECONDS) map.put("tagCacheSeconds", tagCacheSeconds);
        return map;
    }

    public String toJson() {
        return JSONObjectUtils.toJSONString(toMap());
    }

    public java.util.Optional<OidcIssuer> issuer(String issuer) {
        return oidc.stream().filter(i -> i.issuer().equals(issuer)).findFirst();
    }

    /** {@link #grant(Identity, List, RepositoryTags)} without reading any repository tags. */
    public GrantedAccess grant(Identity who, List<Scope> requested) {
        return grant(who, requested, RepositoryTags.NONE);
    }

    /**
     * The access a token for {@code who} carries. Repository scopes grant pull when the name is a valid repository
     * name (a {@code host:port/} prefix is not) matched by the identity's or the anonymous patterns, or, with
     * {@code tagAccess}, when the repository's {@link PullTag} admits {@code who} (tags are only read for names the
     * patterns do not already grant). The catalog is granted when asked for with {@code *}, limited to the patterns.
     * Everything else is silently dropped. The token also carries the registry mapping its names need.
     */
    public GrantedAccess grant(Identity who, List<Scope> requested, RepositoryTags tags) {
        Set<RepositoryGlob> patterns = new LinkedHashSet<>(who.repositories());
        patterns.addAll(anonymous);
        List<Access> access = new ArrayList<>();
        boolean catalog = false;
        for (Scope scope : requested) {
            if (scope.type().equals(Access.REPOSITORY) && (scope.hasAction("pull") || scope.hasAction("*"))
                    && validName(scope.name())
                    && (patterns.stream().anyMatch(p -> p.matches(scope.name())) || tagAdmits(tags, scope.name(), who))) {
                access.add(Access.pull(scope.name()));
            } else if (scope.type().equals(Access.REGISTRY) && scope.resourceClass().isEmpty()
                    && scope.name().equals(Access.CATALOG) && scope.hasAction("*")) {
                access.add(Access.catalog());
                catalog = true;
            }
        }
        RegistryMapping routing = catalog ? registries
                : registries.routing(access.stream().filter(a -> a.type().equals(Access.REPOSITORY)).map(Access::name).toList());
        return new GrantedAccess(access, catalog ? List.copyOf(patterns) : List.of(), routing);
    }

    private boolean tagAdmits(RepositoryTags tags, String name, Identity who) {
        return tagAccess && PullTag.of(tags.of(registries.locate(name))).map(t -> t.admits(who)).orElse(false);
    }

    private static boolean validName(String name) {
        try {
            new RepositoryName(name);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }
}
