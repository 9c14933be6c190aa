package dev.ecrpublic.token;

import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.policy.MappedRegistry;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.KeysUnavailableException;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.keys.TestClock;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.RepositoryGlob;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenIssuerTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.750Z");
    static final String ISSUER = "ecr-public";
    static final String AUDIENCE = "registry.example";

    final TestClock clock = new TestClock(T0);
    final JWK key = SigningKeyJwk.generate(new SecureRandom());
    final StaticKeys keys = StaticKeys.of(key);
    final TokenIssuer issuer = new TokenIssuer(keys, clock, ISSUER);
    final TokenVerifier verifier = new TokenVerifier(keys, clock, ISSUER);

    @Test
    void es256RoundTripCarriesAccessAndCatalogPatterns() throws Exception {
        GrantedAccess granted = new GrantedAccess(List.of(Access.pull("hello"), Access.pull("public/app"), Access.catalog()),
                List.of(RepositoryGlob.parse("public/*"), RepositoryGlob.parse("hello")));
        IssuedToken issued = issuer.issue("alice", AUDIENCE, granted, Duration.ofMinutes(5));
        assertEquals(T0.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), issued.issuedAt());
        assertEquals(300, issued.expiresInSeconds());
        assertFalse(issued.toString().contains(issued.token()));

        Verification.Valid valid = assertInstanceOf(Verification.Valid.class, verifier.verify(issued.token(), AUDIENCE));
        assertEquals("alice", valid.subject());
        assertEquals(granted, valid.access());
        assertTrue(valid.access().catalogShows("public/app"));
        assertEquals(issued.issuedAt().plusSeconds(300), valid.expires());

        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals(key.getKeyID(), jwt.getHeader().getKeyID());
        Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(issued.token().split("\\.")[1]).decodeToString());
        assertEquals(AUDIENCE, payload.get("aud"), "aud is a single string");
        assertEquals(ISSUER, payload.get("iss"));
        assertEquals("access", payload.get("token_use"));
        assertEquals(payload.get("iat"), payload.get("nbf"));
        assertEquals(22, ((String) payload.get("jti")).length(), "128-bit jti");
        assertEquals(List.of("public/*", "hello"), payload.get("catalog_repositories"));
        assertEquals(Map.of("type", "repository", "name", "hello", "actions", List.of("pull")),
                ((List<?>) payload.get("access")).getFirst());
    }

    @Test
    void theRegistryMappingRidesInTheTokenAndIsVerifiedWithIt() throws Exception {
        RegistryMapping mapping = new RegistryMapping(List.of(new MappedRegistry("prod/", Optional.of("123456789012"),
                Optional.of("eu-west-1"), true)));
        GrantedAccess granted = new GrantedAccess(List.of(Access.pull("prod/app")), List.of(), mapping);
        IssuedToken issued = issuer.issue("alice", AUDIENCE, granted, Duration.ofMinutes(5));
        Verification.Valid valid = assertInstanceOf(Verification.Valid.class, verifier.verify(issued.token(), AUDIENCE));
        assertEquals(mapping, valid.access().registries());
        Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(issued.token().split("\\.")[1]).decodeToString());
        assertEquals(List.of(Map.of("prefix", "prod/", "registryId", "123456789012", "region", "eu-west-1",
                "stripPrefix", true)), payload.get("registries"));
        Map<String, Object> without = JSONObjectUtils.parse(new Base64URL(issuer.issue("alice", AUDIENCE,
                new GrantedAccess(List.of(Access.pull("hello")), List.of()), Duration.ofMinutes(5)).token().split("\\.")[1]).decodeToString());
        assertFalse(without.containsKey("registries"), "no mapping, no claim");
    }

    @Test
    void noCatalogNoCatalogPatternsAndAnonymousHasAnEmptySubject() throws Exception {
        IssuedToken issued = issuer.issue("", AUDIENCE, new GrantedAccess(List.of(Access.pull("hello")),
                List.of(RepositoryGlob.parse("**"))), Duration.ofMinutes(5));
        Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(issued.token().split("\\.")[1]).decodeToString());
        assertFalse(payload.containsKey("catalog_repositories"));
        Verification.Valid valid = assertInstanceOf(Verification.Valid.class, verifier.verify(issued.token(), AUDIENCE));
        assertEquals("", valid.subject());
        assertEquals(List.of(), valid.access().catalogRepositories());
        assertNotEquals(issued.token(), issuer.issue("", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)).token());
        assertEquals(GrantedAccess.NONE, ((Verification.Valid) verifier.verify(
                issuer.issue("", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)).token(), AUDIENCE)).access());
    }

    @Test
    void rs256KeysWorkToo() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        StaticKeys rsaKeys = StaticKeys.of(rsa);
        String token = new TokenIssuer(rsaKeys, clock, ISSUER).issue("bob", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(1)).token();
        assertEquals(JWSAlgorithm.RS256, SignedJWT.parse(token).getHeader().getAlgorithm());
        assertInstanceOf(Verification.Valid.class, new TokenVerifier(rsaKeys, clock, ISSUER).verify(token, AUDIENCE));
    }

    @Test
    void clockSkewOfUpTo60SecondsIsTolerated() {
        String token = issuer.issue("alice", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)).token();
        clock.set(T0.plusSeconds(300 + 59));
        assertInstanceOf(Verification.Valid.class, verifier.verify(token, AUDIENCE), "expired 59 s ago");
        TokenIssuer ahead = new TokenIssuer(keys, new TestClock(T0.plusSeconds(59 + 300 + 59)), ISSUER);
        assertInstanceOf(Verification.Valid.class, verifier.verify(
                ahead.issue("alice", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)).token(), AUDIENCE), "nbf 59 s ahead");
    }

    @Test
    void aTokenSignedWithThePreviousKeyStillVerifies() {
        JWK previous = SigningKeyJwk.generate(new SecureRandom());
        String old = new TokenIssuer(StaticKeys.of(previous), clock, ISSUER).issue("a", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)).token();
        assertInstanceOf(Verification.Valid.class, new TokenVerifier(StaticKeys.of(key, previous), clock, ISSUER).verify(old, AUDIENCE));
        assertInstanceOf(Verification.Invalid.class, verifier.verify(old, AUDIENCE));
    }

    @Test
    void refreshRoundTripCarriesTheGrant() {
        Map<String, Object> grant = Map.of("kind", "credential", "name", "ci", "id", "0123456789abcdef");
        Instant expires = T0.plus(Duration.ofDays(30));
        String refresh = issuer.issueRefresh("ci", AUDIENCE, grant, expires);
        RefreshVerification.Valid valid = assertInstanceOf(RefreshVerification.Valid.class, verifier.verifyRefresh(refresh, AUDIENCE));
        assertEquals("ci", valid.subject());
        assertEquals(grant, valid.grant());
        assertEquals(expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), valid.expires());
        assertInstanceOf(Verification.Invalid.class, verifier.verify(refresh, AUDIENCE));
    }

    @Test
    void keysUnavailablePropagatesSoCallersFailClosed() {
        KeySource down = new KeySource() {
            public JWK signingKey() { throw new KeysUnavailableException("down"); }
            public Optional<JWK> verificationKey(String kid) { throw new KeysUnavailableException("down"); }
            public List<JWK> publicKeys() { throw new KeysUnavailableException("down"); }
        };
        String token = issuer.issue("a", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)).token();
        assertThrows(KeysUnavailableException.class, () -> new TokenVerifier(down, clock, ISSUER).verify(token, AUDIENCE));
        assertThrows(KeysUnavailableException.class, () ->
                new TokenIssuer(down, clock, ISSUER).issue("a", AUDIENCE, GrantedAccess.NONE, Duration.ofMinutes(5)));
    }
}
