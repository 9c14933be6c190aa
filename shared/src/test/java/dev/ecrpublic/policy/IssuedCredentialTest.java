package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class IssuedCredentialTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static IssuedSecret issue(String name, Optional<Instant> expires) {
        return IssuedSecret.generate(name, List.of(RepositoryGlob.parse("acme/*")), expires, CLOCK, new SecureRandom());
    }

    @Test
    void secretHasPrefixAndFullEntropy() {
        IssuedSecret issued = issue("ci", Optional.empty());
        assertTrue(issued.secret().startsWith("ecrp_"));
        assertEquals(5 + 43, issued.secret().length(), "32 bytes in unpadded base64url");
        assertEquals(32, Base64.getUrlDecoder().decode(issued.secret().substring(5)).length);
        assertTrue(issued.secret().substring(5).matches("[A-Za-z0-9_-]+"));
        assertTrue(issued.credential().id().matches("[0-9a-f]{16}"));
        assertEquals(NOW, issued.credential().created());
        assertEquals(IssuedCredential.sha256Hex(issued.secret()), issued.credential().sha256());
        IssuedSecret other = issue("ci", Optional.empty());
        assertNotEquals(issued.secret(), other.secret());
        assertNotEquals(issued.credential().id(), other.credential().id());
    }

    @Test
    void secretMatchesOnlyTheIssuedSecret() {
        IssuedSecret issued = issue("ci", Optional.empty());
        IssuedCredential credential = issued.credential();
        assertTrue(credential.secretMatches(issued.secret()));
        assertFalse(credential.secretMatches(issued.secret() + "x"));
        assertFalse(credential.secretMatches(issued.secret().substring(0, 47)));
        assertFalse(credential.secretMatches(""));
        assertFalse(credential.secretMatches(null));
        assertFalse(credential.secretMatches(credential.sha256()), "the hash is not the secret");
    }

    static Stream<Arguments> expiry() {
        return Stream.of(
                arguments("never expires", Optional.empty(), NOW.plusSeconds(1_000_000_000), false),
                arguments("before expiry", Optional.of(NOW.plusSeconds(60)), NOW, false),
                arguments("at expiry", Optional.of(NOW), NOW, true),
                arguments("after expiry", Optional.of(NOW.minusSeconds(1)), NOW, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expiry")
    void expiry(String name, Optional<Instant> expires, Instant at, boolean expired) {
        assertEquals(expired, issue("ci", expires).credential().expiredAt(at));
    }

    @Test
    void toStringNeverShowsSecretOrHash() {
        IssuedSecret issued = issue("ci", Optional.of(NOW.plusSeconds(60)));
        for (String text : List.of(issued.toString(), issued.credential().toString())) {
            assertFalse(text.contains(issued.secret()), text);
            assertFalse(text.contains(issued.secret().substring(5)), text);
            assertFalse(text.contains(issued.credential().sha256()), text);
            assertTrue(text.contains("***"), text);
            assertTrue(text.contains("ci"), text);
        }
    }

    static Stream<Arguments> names() {
        return Stream.of(
                arguments("simple", "ci", true),
                arguments("email-like", "bot@acme.example", true),
                arguments("dots dashes underscores", "a.b-c_d", true),
                arguments("128 chars", "a".repeat(128), true),
                arguments("129 chars", "a".repeat(129), false),
                arguments("leading dash", "-ci", false),
                arguments("leading dot", ".ci", false),
                arguments("space", "c i", false),
                arguments("slash", "a/b", false),
                arguments("colon", "a:b", false),
                arguments("empty", "", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void nameGrammar(String name, String value, boolean valid) {
        if (valid) assertDoesNotThrow(() -> issue(value, Optional.empty()));
        else assertThrows(PolicyException.class, () -> issue(value, Optional.empty()));
    }
}
