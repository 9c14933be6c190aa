package dev.ecrpublic.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A trusted OIDC issuer: tokens whose {@code iss} equals {@link #issuer} are verified against {@link #jwksUri} and
 * must name {@link #audience}. Keys travel over https only (plain http just for loopback test issuers).
 */
public record OidcIssuer(String issuer, String audience, URI jwksUri, List<OidcRule> rules) {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    public OidcIssuer {
        Objects.requireNonNull(issuer, "issuer");
        requireSecure("issuer", parseUri("issuer", issuer));
        if (audience == null || audience.isBlank()) throw new PolicyException("audience: must not be empty");
        Objects.requireNonNull(jwksUri, "jwksUri");
        requireSecure("jwksUri", jwksUri);
        rules = List.copyOf(rules);
    }

    /** The claim names the rules look at: all a refresh needs to re-evaluate them later. */
    public Set<String> ruleClaimNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (OidcRule rule : rules) names.addAll(rule.claims().keySet());
        return names;
    }

    /** The repository patterns of every rule the claims match. */
    public List<RepositoryGlob> repositoriesFor(Map<String, Object> claims) {
        List<RepositoryGlob> out = new ArrayList<>();
        for (OidcRule rule : rules)
            if (rule.matches(claims)) for (RepositoryGlob g : rule.repositories()) if (!out.contains(g)) out.add(g);
        return out;
    }

    private static URI parseUri(String field, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new PolicyException(field + ": not a URL: " + value);
        }
    }

    private static void requireSecure(String field, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || uri.getHost().isEmpty())
            throw new PolicyException(field + ": must be an absolute https URL: " + uri);
        boolean ok = scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(uri.getHost()));
        if (!ok) throw new PolicyException(field + ": must use https (http only for a loopback host): " + uri);
    }

    static OidcIssuer from(Object value, String where) {
        StrictObject o = StrictObject.of(value, where, Set.of("issuer", "audience", "jwksUri", "rules"));
        String issuer = o.string("issuer");
        String audience = o.string("audience");
        URI jwksUri = parseUri(o.path("jwksUri"), o.string("jwksUri"));
        List<Object> ruleValues = o.list("rules");
        List<OidcRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleValues.size(); i++) rules.add(OidcRule.from(ruleValues.get(i), o.path("rules") + "[" + i + "]"));
        try {
            return new OidcIssuer(issuer, audience, jwksUri, rules);
        } catch (PolicyException e) {
            throw new PolicyException(where + "." + e.getMessage());
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("issuer", issuer);
        map.put("audience", audience);
        map.put("jwksUri", jwksUri.toString());
        map.put("rules", rules.stream().map(OidcRule::toMap).toList());
        return map;
    }
}
