package dev.ecrpublic.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One OIDC rule: when every listed claim equals the token's claim (as a string; a list-valued claim matches when it
 * contains the value), the token's holder may pull the rule's repositories.
 */
public record OidcRule(Map<String, String> claims, List<RepositoryGlob> repositories) {
    public OidcRule {
        // A rule without claims would admit every token of the issuer, and issuers such as CI providers sign tokens
        // for anyone who runs a job there: at least one claim must narrow it.
        if (claims == null || claims.isEmpty()) throw new PolicyException("claims: at least one claim is required");
        if (repositories == null || repositories.isEmpty())
            throw new PolicyException("repositories: at least one pattern is required");
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        repositories = List.copyOf(repositories);
    }

    public boolean matches(Map<String, Object> tokenClaims) {
        return claims.entrySet().stream().allMatch(c -> claimEquals(tokenClaims.get(c.getKey()), c.getValue()));
    }

    private static boolean claimEquals(Object actual, String expected) {
        if (actual instanceof List<?> list) return list.stream().anyMatch(v -> v != null && v.toString().equals(expected));
        return actual != null && !(actual instanceof Map) && actual.toString().equals(expected);
    }

    static OidcRule from(Object value, String where) {
        StrictObject o = StrictObject.of(value, where, Set.of("claims", "repositories"));
        StrictObject claimObject = StrictObject.of(o.has("claims") ? o.get("claims") : Map.of(), o.path("claims"),
                claimNames(o));
        Map<String, String> claims = new LinkedHashMap<>();
        for (String name : claimObject.map().keySet()) claims.put(name, claimObject.string(name));
        List<RepositoryGlob> repositories = o.globs("repositories");
        try {
            return new OidcRule(claims, repositories);
        } catch (PolicyException e) {
            throw new PolicyException(where + "." + e.getMessage());
        }
    }

    /** Any claim name is allowed inside {@code claims}; only its value type is checked. */
    private static Set<String> claimNames(StrictObject rule) {
        return rule.get("claims") instanceof Map<?, ?> m
                ? m.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet())
                : Set.of();
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("claims", new LinkedHashMap<>(claims));
        map.put("repositories", repositories.stream().map(RepositoryGlob::pattern).toList());
        return map;
    }
}
