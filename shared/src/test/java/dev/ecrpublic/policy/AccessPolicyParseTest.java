package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AccessPolicyParseTest {
    static final String ISSUER = "https://token.actions.githubusercontent.com";

    static String oidc(String issuerJson) {
        return "{\"oidc\": [" + issuerJson + "]}";
    }

    static String issuer(String issuer, String audience, String jwksUri, String rules) {
        return "{\"issuer\": \"" + issuer + "\", \"audience\": \"" + audience + "\", \"jwksUri\": \"" + jwksUri
                + "\", \"rules\": " + rules + "}";
    }

    static final String RULES = "[{\"claims\": {\"repository_owner\": \"acme\"}, \"repositories\": [\"acme/*\"]}]";

    @Test
    void parsesAFullPolicy() {
        AccessPolicy policy = AccessPolicy.parse("""
                {"anonymous": ["public/*", "hello"], "tokenTtlSeconds": 600,
                 "oidc": [{"issuer": "https://token.actions.githubusercontent.com", "audience": "ecr-public",
                           "jwksUri": "https://token.actions.githubusercontent.com/.well-known/jwks",
                           "rules": [{"claims": {"repository_owner": "acme", "ref": "refs/heads/main"},
                                      "repositories": ["acme/*", "shared/**"]}]}]}
                """);
        assertEquals(List.of(RepositoryGlob.parse("public/*"), RepositoryGlob.parse("hello")), policy.anonymous());
        assertEquals(600, policy.tokenTtlSeconds());
        assertFalse(policy.fallback());
        OidcIssuer issuer = policy.oidc().getFirst();
        assertEquals(ISSUER, issuer.issuer());
        assertEquals("ecr-public", issuer.audience());
        assertEquals(URI.create(ISSUER + "/.well-known/jwks"), issuer.jwksUri());
        assertEquals(Map.of("repository_owner", "acme", "ref", "refs/heads/main"), issuer.rules().getFirst().claims());
        assertEquals(List.of("repository_owner", "ref"), List.copyOf(issuer.ruleClaimNames()));
        assertEquals(policy, AccessPolicy.parse(policy.toJson()));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("empty object: defaults", "{}", 300, 0),
                arguments("ttl lower bound", "{\"tokenTtlSeconds\": 60}", 60, 0),
                arguments("ttl upper bound", "{\"tokenTtlSeconds\": 86400}", 86400, 0),
                arguments("ttl as a whole float", "{\"tokenTtlSeconds\": 120.0}", 120, 0),
                arguments("null ttl means default", "{\"tokenTtlSeconds\": null}", 300, 0),
                arguments("http jwks on 127.0.0.1", oidc(issuer("http://127.0.0.1:8080", "a", "http://127.0.0.1:8080/jwks", RULES)), 300, 1),
                arguments("http jwks on localhost", oidc(issuer("http://localhost", "a", "http://localhost:9/jwks", RULES)), 300, 1),
                arguments("http jwks on [::1]", oidc(issuer("http://[::1]:8080", "a", "http://[::1]:8080/jwks", RULES)), 300, 1),
                arguments("issuer without rules", oidc(issuer(ISSUER, "a", ISSUER + "/jwks", "[]")), 300, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidPolicies(String name, String json, int ttl, int issuers) {
        AccessPolicy policy = AccessPolicy.parse(json);
        assertEquals(ttl, policy.tokenTtlSeconds());
        assertEquals(issuers, policy.oidc().size());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("not JSON", "{", "policy: not a JSON object"),
                arguments("not an object", "[]", "policy: not a JSON object"),
                arguments("JSON null", "null", "policy: not a JSON object"),
                arguments("unknown top-level key", "{\"anonymus\": []}", "policy: unknown key(s) [anonymus]"),
                arguments("anonymous not a list", "{\"anonymous\": \"public/*\"}", "policy.anonymous: must be a list"),
                arguments("anonymous entry not a string", "{\"anonymous\": [1]}", "policy.anonymous[0]: must be a string"),
                arguments("anonymous bad glob", "{\"anonymous\": [\"ok\", \"a**b\"]}", "policy.anonymous[1]: '**' must be"),
                arguments("ttl a string", "{\"tokenTtlSeconds\": \"300\"}", "policy.tokenTtlSeconds: must be a whole number"),
                arguments("ttl fractional", "{\"tokenTtlSeconds\": 300.5}", "policy.tokenTtlSeconds: must be a whole number"),
                arguments("ttl too small", "{\"tokenTtlSeconds\": 59}", "policy.tokenTtlSeconds: must be between 60 and 86400"),
                arguments("ttl too large", "{\"tokenTtlSeconds\": 86401}", "policy.tokenTtlSeconds: must be between 60 and 86400"),
                arguments("ttl huge", "{\"tokenTtlSeconds\": 99999999999}", "policy.tokenTtlSeconds: must be between"),
                arguments("oidc not a list", "{\"oidc\": {}}", "policy.oidc: must be a list"),
                arguments("oidc entry not an object", "{\"oidc\": [\"x\"]}", "policy.oidc[0]: must be an object"),
                arguments("oidc unknown key", oidc("{\"issuer\": \"" + ISSUER + "\", \"aud\": \"x\"}"), "policy.oidc[0]: unknown key(s) [aud]"),
                arguments("oidc missing issuer", oidc("{\"audience\": \"a\", \"jwksUri\": \"" + ISSUER + "\"}"), "policy.oidc[0].issuer: missing"),
                arguments("oidc missing audience", oidc("{\"issuer\": \"" + ISSUER + "\", \"jwksUri\": \"" + ISSUER + "\"}"), "policy.oidc[0].audience: missing"),
                arguments("oidc missing jwksUri", oidc("{\"issuer\": \"" + ISSUER + "\", \"audience\": \"a\"}"), "policy.oidc[0].jwksUri: missing"),
                arguments("empty audience", oidc(issuer(ISSUER, "", ISSUER + "/jwks", RULES)), "policy.oidc[0].audience: must not be empty"),
                arguments("http issuer", oidc(issuer("http://example.com", "a", ISSUER + "/jwks", RULES)), "policy.oidc[0].issuer: must use https"),
                arguments("http jwksUri", oidc(issuer(ISSUER, "a", "http://example.com/jwks", RULES)), "policy.oidc[0].jwksUri: must use https"),
                arguments("http on a loopback look-alike", oidc(issuer(ISSUER, "a", "http://127.0.0.1.example.com/jwks", RULES)), "policy.oidc[0].jwksUri: must use https"),
                arguments("file jwksUri", oidc(issuer(ISSUER, "a", "file:///etc/passwd", RULES)), "policy.oidc[0].jwksUri: must be an absolute https URL"),
                arguments("relative jwksUri", oidc(issuer(ISSUER, "a", "/jwks", RULES)), "policy.oidc[0].jwksUri: must be an absolute https URL"),
                arguments("unparseable jwksUri", oidc(issuer(ISSUER, "a", "https://a b", RULES)), "policy.oidc[0].jwksUri: not a URL"),
                arguments("issuer listed twice", "{\"oidc\": [" + issuer(ISSUER, "a", ISSUER + "/jwks", RULES) + ","
                        + issuer(ISSUER, "b", ISSUER + "/jwks", RULES) + "]}", "policy.oidc: issuer listed twice"),
                arguments("rules not a list", oidc(issuer(ISSUER, "a", ISSUER + "/jwks", "{}")), "policy.oidc[0].rules: must be a list"),
                arguments("rule unknown key", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"claim\": {}, \"repositories\": [\"a\"]}]")), "policy.oidc[0].rules[0]: unknown key(s) [claim]"),
                arguments("rule without claims", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"repositories\": [\"a\"]}]")), "policy.oidc[0].rules[0].claims: at least one claim is required"),
                arguments("rule with empty claims", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"claims\": {}, \"repositories\": [\"a\"]}]")), "policy.oidc[0].rules[0].claims: at least one claim"),
                arguments("claims not an object", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"claims\": [], \"repositories\": [\"a\"]}]")), "policy.oidc[0].rules[0].claims: must be an object"),
                arguments("claim value not a string", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"claims\": {\"x\": 1}, \"repositories\": [\"a\"]}]")), "policy.oidc[0].rules[0].claims.x: must be a string"),
                arguments("rule without repositories", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"claims\": {\"x\": \"y\"}}]")), "policy.oidc[0].rules[0].repositories: at least one pattern"),
                arguments("rule with a bad glob", oidc(issuer(ISSUER, "a", ISSUER + "/jwks",
                        "[{\"claims\": {\"x\": \"y\"}, \"repositories\": [\"A\"]}]")), "policy.oidc[0].rules[0].repositories[0]: repository pattern"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesInvalidPolicies(String name, String json, String messageStart) {
        PolicyException e = assertThrows(PolicyException.class, () -> AccessPolicy.parse(json));
        assertTrue(e.getMessage().startsWith(messageStart), "message was: " + e.getMessage());
    }

    @Test
    void fromMapIsStrictToo() {
        assertEquals(120, AccessPolicy.fromMap(Map.of("tokenTtlSeconds", 120)).tokenTtlSeconds());
        assertThrows(PolicyException.class, () -> AccessPolicy.fromMap(Map.of("extra", 1)));
    }

    @Test
    void fallbackLetsEveryonePullEverything() {
        AccessPolicy fallback = AccessPolicy.FALLBACK;
        assertTrue(fallback.fallback());
        assertEquals(List.of(RepositoryGlob.parse("**")), fallback.anonymous());
        assertEquals(300, fallback.tokenTtlSeconds());
        assertTrue(fallback.oidc().isEmpty());
    }

    @Test
    void ruleClaimMatching() {
        OidcRule rule = new OidcRule(Map.of("owner", "acme", "run", "7"), List.of(RepositoryGlob.parse("acme/*")));
        assertTrue(rule.matches(Map.of("owner", "acme", "run", 7L, "other", "x")), "numbers compare as strings");
        assertTrue(rule.matches(Map.of("owner", List.of("x", "acme"), "run", "7")), "a list claim contains the value");
        assertFalse(rule.matches(Map.of("owner", "acme")), "every listed claim is needed");
        assertFalse(rule.matches(Map.of("owner", "acme-corp", "run", "7")), "no prefix matching");
        assertFalse(rule.matches(Map.of("owner", Map.of("acme", "acme"), "run", "7")), "objects never match");
    }
}
