package dev.ecrpublic.authorizer.authn;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.Principal;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.policy.ScopeRequest;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class OidcCredentialsTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String AUDIENCE = "ecr-public";
    static final Map<String, Object> ACME = Map.of("repository_owner", "acme", "ref", "refs/heads/main", "run_id", "42");

    static OidcTestIssuer issuer;

    final AtomicReference<AccessDocument> document = new AtomicReference<>();
    final List<String> log = new ArrayList<>();
    final OidcCredentials verifier = new OidcCredentials(document::get, CLOCK, log::add);

    @BeforeAll
    static void startIssuer() {
        issuer = OidcTestIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    OidcCredentialsTest() {
        document.set(documentWith(policy(issuer.issuer(), issuer.jwksUri().toString(), "acme")));
    }

    static String policy(String iss, String jwksUri, String owner) {
        return """
                {"anonymous": ["public/*"],
                 "oidc": [{"issuer": "%s", "audience": "%s", "jwksUri": "%s",
                           "rules": [{"claims": {"repository_owner": "%s"}, "repositories": ["%s/*"]},
                                     {"claims": {"ref": "refs/heads/main"}, "repositories": ["releases/**"]}]}]}
                """.formatted(iss, AUDIENCE, jwksUri, owner, owner);
    }

    static AccessDocument documentWith(String policyJson) {
        return new AccessDocument(Optional.of(AccessPolicy.parse(policyJson)), List.of());
    }

    static JWTClaimsSet.Builder acme() {
        return issuer.claims("repo:acme/app:ref:refs/heads/main", AUDIENCE, NOW, ACME);
    }

    @Test
    void validTokenMatchingRulesAuthenticates() {
        AuthnOutcome outcome = verifier.verify("anything", issuer.mint(acme().build()));
        AuthnOutcome.Authenticated ok = assertInstanceOf(AuthnOutcome.Authenticated.class, outcome);
        assertEquals(new Principal(Principal.Kind.OIDC, "repo:acme/app:ref:refs/heads/main@" + issuer.issuer(), issuer.issuer()),
                ok.identity().principal());
        assertEquals(List.of(RepositoryGlob.parse("acme/*"), RepositoryGlob.parse("releases/**")),
                ok.identity().repositories());
        assertEquals(Optional.of(NOW.plusSeconds(300)), ok.validUntil());
        assertEquals(Map.of("kind", "oidc", "issuer", issuer.issuer(), "sub", "repo:acme/app:ref:refs/heads/main",
                "claims", Map.of("repository_owner", "acme", "ref", "refs/heads/main")), ok.refreshGrant(),
                "only the claims the rules mention are kept");
    }

    @Test
    void es256TokensVerifyToo() {
        assertInstanceOf(AuthnOutcome.Authenticated.class, verifier.verify("x", issuer.mintEs256(acme().build())));
    }

    @Test
    void ruleMismatchGrantsNothingBeyondAnonymous() {
        JWTClaimsSet claims = issuer.claims("someone", AUDIENCE, NOW,
                Map.of("repository_owner", "evil", "ref", "refs/heads/dev")).build();
        AuthnOutcome.Authenticated ok = assertInstanceOf(AuthnOutcome.Authenticated.class,
                verifier.verify("x", issuer.mint(claims)));
        assertTrue(ok.identity().repositories().isEmpty());
        AccessPolicy policy = document.get().effectivePolicy();
        assertEquals(java.util.Set.of("public/x"), policy.grant(ok.identity(),
                ScopeRequest.parse(List.of("repository:acme/app:pull repository:public/x:pull"))).pullableRepositories());
    }

    @Test
    void listClaimsMatchWhenTheyContainTheValue() {
        JWTClaimsSet claims = issuer.claims("s", AUDIENCE, NOW, Map.of("repository_owner", List.of("x", "acme"))).build();
        AuthnOutcome.Authenticated ok = assertInstanceOf(AuthnOutcome.Authenticated.class,
                verifier.verify("x", issuer.mint(claims)));
        assertEquals(List.of(RepositoryGlob.parse("acme/*")), ok.identity().repositories());
    }

    static Stream<Arguments> notOurs() {
        return Stream.of(
                arguments("another issuer", (Function<OidcTestIssuer, String>) i ->
                        i.mint(acme().issuer("https://elsewhere.example").build())),
                arguments("no issuer", (Function<OidcTestIssuer, String>) i -> i.mint(acme().issuer(null).build())),
                arguments("not a JWT", (Function<OidcTestIssuer, String>) i -> "ecrp_secret"),
                arguments("empty password", (Function<OidcTestIssuer, String>) i -> ""),
                arguments("null password", (Function<OidcTestIssuer, String>) i -> null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notOurs")
    void tokensOfOtherIssuersAreNotOurs(String name, Function<OidcTestIssuer, String> token) {
        assertInstanceOf(AuthnOutcome.NoMatch.class, verifier.verify("x", token.apply(issuer)));
    }

    static Stream<Arguments> rejected() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
        RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("unknown").keyUse(KeyUse.SIGNATURE).generate();
        return Stream.of(
                arguments("wrong audience", (Function<OidcTestIssuer, String>) i -> i.mint(acme().audience("other").build())),
                arguments("no audience", (Function<OidcTestIssuer, String>) i -> i.mint(acme().audience((String) null).build())),
                arguments("expired beyond the skew", (Function<OidcTestIssuer, String>) i ->
                        i.mint(acme().expirationTime(Date.from(NOW.minusSeconds(61))).build())),
                arguments("no exp", (Function<OidcTestIssuer, String>) i -> i.mint(acme().expirationTime(null).build())),
                arguments("nbf in the future beyond the skew", (Function<OidcTestIssuer, String>) i ->
                        i.mint(acme().notBeforeTime(Date.from(NOW.plusSeconds(61))).build())),
                arguments("no sub", (Function<OidcTestIssuer, String>) i -> i.mint(acme().subject(null).build())),
                arguments("alg none", (Function<OidcTestIssuer, String>) i -> new PlainJWT(acme().build()).serialize()),
                arguments("HS256 keyed with the public key", (Function<OidcTestIssuer, String>) OidcCredentialsTest::hmacWithPublicKey),
                arguments("unknown kid", (Function<OidcTestIssuer, String>) i -> OidcTestIssuer.sign(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown").build(), acme().build(), unknownKid)),
                arguments("known kid, wrong key", (Function<OidcTestIssuer, String>) i -> OidcTestIssuer.sign(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(), acme().build(), stranger)),
                arguments("tampered payload", (Function<OidcTestIssuer, String>) OidcCredentialsTest::tampered),
                arguments("RS384 is not accepted", (Function<OidcTestIssuer, String>) i -> OidcTestIssuer.sign(
                        new JWSHeader.Builder(JWSAlgorithm.RS384).keyID("rsa-1").build(), acme().build(), i.rsaKey())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void badTokensFromATrustedIssuerAreRejected(String name, Function<OidcTestIssuer, String> token) {
        AuthnOutcome.Rejected rejected = assertInstanceOf(AuthnOutcome.Rejected.class,
                verifier.verify("x", token.apply(issuer)));
        assertTrue(!rejected.reasonForLog().isBlank());
    }

    @Test
    void skewIsTolerated() {
        String token = issuer.mint(acme().expirationTime(Date.from(NOW.minusSeconds(30)))
                .notBeforeTime(Date.from(NOW.plusSeconds(30))).build());
        assertInstanceOf(AuthnOutcome.Authenticated.class, verifier.verify("x", token));
    }

    static String hmacWithPublicKey(OidcTestIssuer i) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), acme().build());
            jwt.sign(new MACSigner(i.rsaKey().toPublicJWK().toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String tampered(OidcTestIssuer i) {
        String[] parts = i.mint(acme().build()).split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"acme\"", "\"acmf\"");
        return parts[0] + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    @Test
    void refreshReEvaluatesTheRules() {
        AuthnOutcome.Authenticated first = assertInstanceOf(AuthnOutcome.Authenticated.class,
                verifier.verify("x", issuer.mint(acme().build())));
        document.set(documentWith(policy(issuer.issuer(), issuer.jwksUri().toString(), "other")));
        AuthnOutcome.Authenticated refreshed = assertInstanceOf(AuthnOutcome.Authenticated.class,
                verifier.refresh(first.refreshGrant()));
        assertEquals(first.identity().principal(), refreshed.identity().principal());
        assertEquals(List.of(RepositoryGlob.parse("releases/**")), refreshed.identity().repositories(),
                "the acme rule no longer matches; the ref rule still does");
        assertEquals(Optional.empty(), refreshed.validUntil());
    }

    @Test
    void refreshDiesWhenTheIssuerIsRemoved() {
        AuthnOutcome.Authenticated first = assertInstanceOf(AuthnOutcome.Authenticated.class,
                verifier.verify("x", issuer.mint(acme().build())));
        document.set(documentWith("{\"anonymous\": [\"public/*\"]}"));
        assertInstanceOf(AuthnOutcome.Rejected.class, verifier.refresh(first.refreshGrant()));
        document.set(AccessDocument.empty());
        assertInstanceOf(AuthnOutcome.Rejected.class, verifier.refresh(first.refreshGrant()));
    }

    static Stream<Arguments> refreshGrants() {
        return Stream.of(
                arguments("another kind", Map.of("kind", "credential", "name", "ci", "id", "0123456789abcdef"), AuthnOutcome.NoMatch.class),
                arguments("no kind", Map.of(), AuthnOutcome.NoMatch.class),
                arguments("malformed", Map.of("kind", "oidc", "issuer", 1), AuthnOutcome.Rejected.class),
                arguments("unknown issuer", Map.of("kind", "oidc", "issuer", "https://x.example", "sub", "s", "claims", Map.of()),
                        AuthnOutcome.Rejected.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refreshGrants")
    void refreshOnlyTakesOwnGrants(String name, Map<String, Object> grant, Class<?> expected) {
        assertInstanceOf(expected, verifier.refresh(grant));
    }

    @Test
    void unreachableJwksFailsClosed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        document.set(documentWith(policy(issuer.issuer(), "http://127.0.0.1:" + port + "/jwks", "acme")));
        RegistryException e = assertThrows(RegistryException.class,
                () -> verifier.verify("x", issuer.mint(acme().build())));
        assertEquals(OciError.UNAVAILABLE, e.error());
        assertTrue(log.stream().anyMatch(l -> l.contains("OIDC keys unavailable")), String.valueOf(log));
        assertTrue(log.stream().noneMatch(l -> l.contains("eyJ")), "no token in the log");
    }

    @Test
    void accessDocumentUnavailablePropagates() {
        OidcCredentials failing = new OidcCredentials(() -> {
            throw new RegistryException(OciError.UNAVAILABLE);
        }, CLOCK, log::add);
        RegistryException e = assertThrows(RegistryException.class,
                () -> failing.verify("x", issuer.mint(acme().build())));
        assertEquals(OciError.UNAVAILABLE, e.error());
        assertThrows(RegistryException.class, () -> failing.refresh(Map.of("kind", "oidc", "issuer", issuer.issuer(),
                "sub", "s", "claims", Map.of())));
    }

    @Test
    void identityOfAnAnonymousCallerIsNeverProduced() {
        AuthnOutcome outcome = verifier.verify("", issuer.mint(acme().build()));
        AuthnOutcome.Authenticated ok = assertInstanceOf(AuthnOutcome.Authenticated.class, outcome);
        assertTrue(ok.identity() != Identity.ANONYMOUS && ok.identity().principal().kind() == Principal.Kind.OIDC);
    }
}
