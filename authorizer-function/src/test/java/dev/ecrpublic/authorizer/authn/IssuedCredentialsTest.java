package dev.ecrpublic.authorizer.authn;

import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.Principal;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class IssuedCredentialsTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final List<RepositoryGlob> ACME = List.of(RepositoryGlob.parse("acme/*"));
    static final IssuedSecret CI = issue("ci", Optional.of(NOW.plusSeconds(3600)));
    static final IssuedSecret OLD = issue("old", Optional.of(NOW.minusSeconds(1)));
    static final IssuedSecret FOREVER = issue("forever", Optional.empty());

    final AtomicReference<AccessDocument> document = new AtomicReference<>(AccessDocument.empty()
            .withCredential(CI.credential()).withCredential(OLD.credential()).withCredential(FOREVER.credential()));
    final IssuedCredentials verifier = new IssuedCredentials(document::get, CLOCK);

    static IssuedSecret issue(String name, Optional<Instant> expires) {
        return IssuedSecret.generate(name, ACME, expires, CLOCK, new SecureRandom());
    }

    @Test
    void rightSecretAuthenticates() {
        AuthnOutcome.Authenticated ok = assertInstanceOf(AuthnOutcome.Authenticated.class,
                verifier.verify("ci", CI.secret()));
        assertEquals(Principal.credential("ci"), ok.identity().principal());
        assertEquals(ACME, ok.identity().repositories());
        assertEquals(Optional.of(NOW.plusSeconds(3600)), ok.validUntil());
        assertEquals(Map.of("kind", "credential", "name", "ci", "id", CI.credential().id()), ok.refreshGrant());
        assertEquals(Optional.empty(), ((AuthnOutcome.Authenticated) verifier.verify("forever", FOREVER.secret())).validUntil());
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                arguments("wrong secret", "ci", FOREVER.secret(), AuthnOutcome.Rejected.class),
                arguments("secret of another credential", "forever", CI.secret(), AuthnOutcome.Rejected.class),
                arguments("wrong secret in the issued format", "ci", "ecrp_" + "A".repeat(43), AuthnOutcome.Rejected.class),
                arguments("empty secret is not in the issued format: not ours", "ci", "", AuthnOutcome.NoMatch.class),
                arguments("a JWT for a name a credential also has: left to OIDC", "ci", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
                        AuthnOutcome.NoMatch.class),
                arguments("expired", "old", OLD.secret(), AuthnOutcome.Rejected.class),
                arguments("unknown name", "nobody", CI.secret(), AuthnOutcome.NoMatch.class),
                arguments("name outside the grammar", "-x y", CI.secret(), AuthnOutcome.NoMatch.class),
                arguments("empty username", "", CI.secret(), AuthnOutcome.NoMatch.class),
                arguments("null username", null, CI.secret(), AuthnOutcome.NoMatch.class),
                arguments("null password", "ci", null, AuthnOutcome.NoMatch.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void outcome(String name, String username, String password, Class<?> expected) {
        assertInstanceOf(expected, verifier.verify(username, password));
    }

    @Test
    void refreshReChecksTheCredential() {
        AuthnOutcome.Authenticated ok = (AuthnOutcome.Authenticated) verifier.verify("ci", CI.secret());
        assertInstanceOf(AuthnOutcome.Authenticated.class, verifier.refresh(ok.refreshGrant()));

        document.set(document.get().withoutCredential("ci"));
        assertInstanceOf(AuthnOutcome.Rejected.class, verifier.refresh(ok.refreshGrant()), "revoked");

        IssuedSecret reissued = issue("ci", Optional.empty());
        document.set(document.get().withCredential(reissued.credential()));
        assertInstanceOf(AuthnOutcome.Rejected.class, verifier.refresh(ok.refreshGrant()), "re-issued: new id");
        assertInstanceOf(AuthnOutcome.Authenticated.class, verifier.verify("ci", reissued.secret()));
        assertInstanceOf(AuthnOutcome.Rejected.class, verifier.verify("ci", CI.secret()), "old secret is dead");
    }

    @Test
    void refreshOfAnExpiredCredentialDies() {
        Map<String, Object> grant = Map.of("kind", "credential", "name", "old", "id", OLD.credential().id());
        assertInstanceOf(AuthnOutcome.Rejected.class, verifier.refresh(grant));
    }

    static Stream<Arguments> grants() {
        return Stream.of(
                arguments("other kind", Map.of("kind", "oidc", "issuer", "x"), AuthnOutcome.NoMatch.class),
                arguments("no kind", Map.of(), AuthnOutcome.NoMatch.class),
                arguments("malformed", Map.of("kind", "credential", "name", 1), AuthnOutcome.Rejected.class),
                arguments("unknown name", Map.of("kind", "credential", "name", "nobody", "id", "0123456789abcdef"),
                        AuthnOutcome.Rejected.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grants")
    void refreshGrants(String name, Map<String, Object> grant, Class<?> expected) {
        assertInstanceOf(expected, verifier.refresh(grant));
    }

    @Test
    void unavailableAccessDocumentPropagates() {
        IssuedCredentials failing = new IssuedCredentials(() -> {
            throw new RegistryException(OciError.UNAVAILABLE);
        }, CLOCK);
        assertEquals(OciError.UNAVAILABLE,
                assertThrows(RegistryException.class, () -> failing.verify("ci", CI.secret())).error());
        assertEquals(OciError.UNAVAILABLE, assertThrows(RegistryException.class,
                () -> failing.refresh(Map.of("kind", "credential", "name", "ci", "id", CI.credential().id()))).error());
    }
}
