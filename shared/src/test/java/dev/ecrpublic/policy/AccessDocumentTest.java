package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AccessDocumentTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    static final SecureRandom RANDOM = new SecureRandom();
    static final AccessPolicy POLICY = AccessPolicy.parse("""
            {"anonymous": ["public/*"], "tokenTtlSeconds": 900,
             "oidc": [{"issuer": "https://issuer.example", "audience": "ecr-public",
                       "jwksUri": "https://issuer.example/jwks",
                       "rules": [{"claims": {"owner": "acme"}, "repositories": ["acme/**"]}]}]}
            """);

    static IssuedCredential credential(String name, Optional<Instant> expires) {
        return IssuedSecret.generate(name, List.of(RepositoryGlob.parse("acme/*")), expires, CLOCK, RANDOM).credential();
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                arguments("empty", AccessDocument.empty()),
                arguments("policy only", new AccessDocument(Optional.of(POLICY), List.of())),
                arguments("credentials only", new AccessDocument(Optional.empty(),
                        List.of(credential("a", Optional.empty()), credential("b", Optional.of(Instant.parse("2027-01-01T00:00:00Z")))))),
                arguments("both", new AccessDocument(Optional.of(POLICY), List.of(credential("ci", Optional.empty())))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void roundTrips(String name, AccessDocument document) {
        String json = document.toJson();
        assertEquals(document, AccessDocument.parse(json));
        assertEquals(json, AccessDocument.parse(json).toJson());
    }

    @Test
    void missingOrNullPolicyMeansFallback() {
        assertSame(AccessPolicy.FALLBACK, AccessDocument.parse("{}").effectivePolicy());
        assertSame(AccessPolicy.FALLBACK, AccessDocument.parse("{\"policy\": null, \"credentials\": []}").effectivePolicy());
        assertEquals(POLICY, new AccessDocument(Optional.of(POLICY), List.of()).effectivePolicy());
    }

    @Test
    void parsesTheDocumentedForm() {
        AccessDocument doc = AccessDocument.parse("""
                {"policy": {"anonymous": ["hello"]},
                 "credentials": [{"name": "ci", "id": "0123456789abcdef", "sha256": "%s",
                                  "repositories": ["acme/*"], "expires": "2027-01-01T00:00:00Z",
                                  "created": "2026-01-01T00:00:00Z"}]}
                """.formatted("a".repeat(64)));
        IssuedCredential ci = doc.credential("ci").orElseThrow();
        assertEquals(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), ci.expires());
        assertEquals(List.of(RepositoryGlob.parse("acme/*")), ci.repositories());
        assertFalse(doc.effectivePolicy().fallback());
    }

    static String credentialJson(String fields) {
        return "{\"credentials\": [{" + fields + "}]}";
    }

    static final String OK = "\"name\": \"ci\", \"id\": \"0123456789abcdef\", \"sha256\": \"" + "a".repeat(64)
            + "\", \"repositories\": [], \"created\": \"2026-01-01T00:00:00Z\"";

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("not JSON", "nope", "access document: not a JSON object"),
                arguments("unknown top-level key", "{\"polcy\": {}}", "access document: unknown key(s) [polcy]"),
                arguments("policy not an object", "{\"policy\": []}", "policy: must be an object"),
                arguments("bad policy field", "{\"policy\": {\"tokenTtlSeconds\": 1}}", "policy.tokenTtlSeconds"),
                arguments("credentials not a list", "{\"credentials\": {}}", "access document.credentials: must be a list"),
                arguments("unknown credential key", credentialJson(OK + ", \"secret\": \"x\""), "credentials[0]: unknown key(s) [secret]"),
                arguments("missing name", credentialJson(OK.replace("\"name\": \"ci\", ", "")), "credentials[0].name: missing"),
                arguments("bad name", credentialJson(OK.replace("\"ci\"", "\"-ci\"")), "credentials[0].name: must match"),
                arguments("bad id", credentialJson(OK.replace("0123456789abcdef", "xyz")), "credentials[0].id: must be 16"),
                arguments("uppercase hash", credentialJson(OK.replace("a".repeat(64), "A".repeat(64))), "credentials[0].sha256"),
                arguments("bad created", credentialJson(OK.replace("2026-01-01T00:00:00Z", "yesterday")), "credentials[0].created: must be an ISO-8601"),
                arguments("bad expires", credentialJson(OK + ", \"expires\": \"2027\""), "credentials[0].expires: must be an ISO-8601"),
                arguments("bad glob", credentialJson(OK.replace("[]", "[\"A\"]")), "credentials[0].repositories[0]"),
                arguments("duplicate name", "{\"credentials\": [{" + OK + "}, {" + OK + "}]}", "credentials: name listed twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesInvalidDocuments(String name, String json, String messageStart) {
        PolicyException e = assertThrows(PolicyException.class, () -> AccessDocument.parse(json));
        assertTrue(e.getMessage().startsWith(messageStart), "message was: " + e.getMessage());
    }

    @Test
    void credentialOperations() {
        IssuedCredential first = credential("ci", Optional.empty());
        IssuedCredential other = credential("other", Optional.empty());
        AccessDocument doc = AccessDocument.empty().withCredential(first).withCredential(other);
        assertEquals(Optional.of(first), doc.credential("ci"));
        IssuedCredential reissued = credential("ci", Optional.empty());
        AccessDocument replaced = doc.withCredential(reissued);
        assertEquals(List.of(reissued, other), replaced.credentials(), "replaced in place");
        assertNotEquals(first.id(), replaced.credential("ci").orElseThrow().id());
        assertEquals(List.of(other), replaced.withoutCredential("ci").credentials());
        assertEquals(replaced, replaced.withoutCredential("nobody"));
        assertTrue(replaced.withPolicy(Optional.of(POLICY)).policy().isPresent());
        assertEquals(replaced.credentials(), replaced.withPolicy(Optional.of(POLICY)).credentials());
        assertFalse(doc.toJson().contains("ecrp_"), "no secret is ever stored");
    }
}
