package dev.ecrpublic.authorizer.authn;

import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.IssuedSecret;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CredentialChainTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    /** A provider that only has a name, for ordering tests. */
    record Named(String name) implements CredentialVerifierProvider {
        @Override
        public CredentialVerifier create(AuthnSettings settings) {
            throw new UnsupportedOperationException();
        }
    }

    /** A verifier that always answers the same. */
    record Fixed(AuthnOutcome outcome) implements CredentialVerifier {
        @Override
        public AuthnOutcome verify(String username, String password) {
            return outcome;
        }

        @Override
        public AuthnOutcome refresh(Map<String, Object> grant) {
            return outcome;
        }
    }

    static final AuthnOutcome NO = new AuthnOutcome.NoMatch();
    static final AuthnOutcome REJECTED = new AuthnOutcome.Rejected("wrong");
    static final AuthnOutcome YES = new AuthnOutcome.Authenticated(Identity.ANONYMOUS, Optional.empty(), Map.of());

    @Test
    void serviceLoaderFindsBothBuiltInsInOrder() {
        List<CredentialVerifierProvider> found = new ArrayList<>();
        ServiceLoader.load(CredentialVerifierProvider.class).forEach(found::add);
        assertEquals(List.of("credentials", "oidc"),
                CredentialChain.select(found).stream().map(CredentialVerifierProvider::name).toList());
        CredentialChain chain = CredentialChain.load(new AuthnSettings(AccessDocument::empty, CLOCK, line -> { }));
        assertEquals(2, chain.size());
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                arguments("built-ins first", List.of("oidc", "credentials"), List.of("credentials", "oidc")),
                arguments("others after, by name", List.of("zeta", "oidc", "alpha", "credentials"),
                        List.of("credentials", "oidc", "alpha", "zeta")),
                arguments("only others", List.of("b", "a"), List.of("a", "b")),
                arguments("none", List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orders")
    void selectOrders(String name, List<String> found, List<String> expected) {
        assertEquals(expected, CredentialChain.select(found.stream().map(n -> (CredentialVerifierProvider) new Named(n)).toList())
                .stream().map(CredentialVerifierProvider::name).toList());
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThrows(IllegalStateException.class, () -> CredentialChain.select(List.of(new Named("oidc"), new Named("oidc"))));
    }

    static Stream<Arguments> chains() {
        return Stream.of(
                arguments("all NoMatch is Rejected", List.of(NO, NO), AuthnOutcome.Rejected.class),
                arguments("empty chain is Rejected", List.of(), AuthnOutcome.Rejected.class),
                arguments("first non-NoMatch wins: authenticated", List.of(NO, YES, REJECTED), AuthnOutcome.Authenticated.class),
                arguments("first non-NoMatch wins: rejected", List.of(NO, REJECTED, YES), AuthnOutcome.Rejected.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chains")
    void firstDecisionWins(String name, List<AuthnOutcome> outcomes, Class<?> expected) {
        CredentialChain chain = new CredentialChain(outcomes.stream().map(o -> (CredentialVerifier) new Fixed(o)).toList());
        assertInstanceOf(expected, chain.verify("u", "p"));
        assertInstanceOf(expected, chain.refresh(Map.of("kind", "x")));
    }

    @Test
    void rejectedNamesNoVerifierWhenNobodyMatched() {
        AuthnOutcome.Rejected r = (AuthnOutcome.Rejected) new CredentialChain(List.of(new Fixed(NO))).verify("u", "p");
        assertEquals("no verifier accepted", r.reasonForLog());
    }

    @Test
    void builtInChainAuthenticatesIssuedCredentials() {
        IssuedSecret ci = IssuedSecret.generate("ci", List.of(RepositoryGlob.parse("acme/*")), Optional.empty(), CLOCK,
                new SecureRandom());
        AccessDocument doc = AccessDocument.empty().withCredential(ci.credential());
        CredentialChain chain = CredentialChain.load(new AuthnSettings(() -> doc, CLOCK, line -> { }));
        AuthnOutcome.Authenticated ok = assertInstanceOf(AuthnOutcome.Authenticated.class, chain.verify("ci", ci.secret()));
        assertInstanceOf(AuthnOutcome.Authenticated.class, chain.refresh(ok.refreshGrant()));
        assertInstanceOf(AuthnOutcome.Rejected.class, chain.verify("nobody", "password"), "never anonymous");
        assertInstanceOf(AuthnOutcome.Rejected.class, chain.refresh(Map.of("kind", "unknown")));
    }

    @Test
    void unavailableAccessDocumentFailsClosed() {
        RegistryException unavailable = new RegistryException(OciError.UNAVAILABLE);
        CredentialChain chain = CredentialChain.load(new AuthnSettings(() -> {
            throw unavailable;
        }, CLOCK, line -> { }));
        assertSame(unavailable, assertThrows(RegistryException.class, () -> chain.verify("ci", "ecrp_x")));
        assertSame(unavailable, assertThrows(RegistryException.class,
                () -> chain.refresh(Map.of("kind", "credential", "name", "ci", "id", "0123456789abcdef"))));
        try (OidcTestIssuer issuer = OidcTestIssuer.start()) {
            String jwt = issuer.mint(issuer.claims("s", "aud", CLOCK.instant()).build());
            assertSame(unavailable, assertThrows(RegistryException.class, () -> chain.verify("x", jwt)));
        }
    }
}
