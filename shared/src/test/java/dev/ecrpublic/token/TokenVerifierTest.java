package dev.ecrpublic.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.keys.TestClock;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every forged, stale or misused token is refused, each with its own logged reason. */
class TokenVerifierTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String ISSUER = "ecr-public";
    static final String AUDIENCE = "registry.example";
    static final Duration TTL = Duration.ofMinutes(5);
    static final GrantedAccess HELLO = new GrantedAccess(List.of(Access.pull("hello")), List.of());

    /** One deployment's key plus helpers to mint tokens the way the issuer does, or not quite. */
    record Fixture(ECKey key, StaticKeys keys) {
        static Fixture create() {
            ECKey key = SigningKeyJwk.generate(new SecureRandom());
            return new Fixture(key, StaticKeys.of(key));
        }

        TokenIssuer issuerAt(Instant now, String issuer) {
            return new TokenIssuer(keys, new TestClock(now), issuer);
        }

        String access(Instant now) {
            return issuerAt(now, ISSUER).issue("alice", AUDIENCE, HELLO, TTL).token();
        }

        String refresh() {
            return issuerAt(T0, ISSUER).issueRefresh("alice", AUDIENCE, Map.of("kind", "credential"), T0.plus(Duration.ofDays(1)));
        }

        JWTClaimsSet.Builder claims() {
            return new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(AUDIENCE)
                    .issueTime(Date.from(T0)).notBeforeTime(Date.from(T0)).expirationTime(Date.from(T0.plus(TTL)))
                    .claim("token_use", "access").claim("access", List.of(Access.pull("hello").toMap()));
        }

        static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
                jwt.sign(signer);
                return jwt.serialize();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        String signed(JWTClaimsSet claims) {
            try {
                return sign(new ECDSASigner(key), JWSAlgorithm.ES256, key.getKeyID(), claims);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Stream<Arguments> attacks() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        ECKey otherDeployment = SigningKeyJwk.generate(new SecureRandom());
        return Stream.of(
                attack("alg none, unsigned", "alg none", f -> {
                    String payload = f.access(T0).split("\\.")[1];
                    return b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + f.key().getKeyID() + "\"}") + "." + payload + ".";
                }),
                attack("HS256 keyed with the public key", "alg HS256 not accepted", f -> {
                    try {
                        byte[] publicBytes = f.key().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
                        return Fixture.sign(new MACSigner(publicBytes), JWSAlgorithm.HS256, f.key().getKeyID(), f.claims().build());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }),
                attack("unknown kid", "unknown kid", f -> {
                    try {
                        return Fixture.sign(new ECDSASigner(f.key()), JWSAlgorithm.ES256, "someone-elses-kid", f.claims().build());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }),
                attack("missing kid", "missing kid", f -> {
                    try {
                        return Fixture.sign(new ECDSASigner(f.key()), JWSAlgorithm.ES256, null, f.claims().build());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }),
                attack("tampered payload", "bad signature", f -> {
                    String[] parts = f.access(T0).split("\\.");
                    String payload = new Base64URL(parts[1]).decodeToString();
                    String widened = payload.replace("\"name\":\"hello\"", "\"name\":\"secret/app\"");
                    assertTrue(!widened.equals(payload));
                    return parts[0] + "." + b64(widened) + "." + parts[2];
                }),
                attack("another deployment's key, kid forged", "bad signature", f -> {
                    try {
                        return Fixture.sign(new ECDSASigner(otherDeployment), JWSAlgorithm.ES256, f.key().getKeyID(), f.claims().build());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }),
                attack("RS256 header on an EC key", "does not match", f ->
                        Fixture.sign(rsaSigner(rsa), JWSAlgorithm.RS256, f.key().getKeyID(), f.claims().build())),
                attack("expired beyond the skew", "expired", f -> f.access(T0.minus(TTL).minusSeconds(61))),
                attack("expiring exactly at the skew edge", "expired", f -> f.access(T0.minus(TTL).minusSeconds(60))),
                attack("not yet valid beyond the skew", "not valid before", f -> f.access(T0.plusSeconds(61))),
                attack("wrong audience", "wrong audience", f ->
                        f.issuerAt(T0, ISSUER).issue("alice", "other.example", HELLO, TTL).token()),
                attack("wrong issuer", "wrong issuer", f ->
                        f.issuerAt(T0, "someone-else").issue("alice", AUDIENCE, HELLO, TTL).token()),
                attack("missing exp", "missing exp", f -> f.signed(f.claims().expirationTime(null).build())),
                attack("missing token_use", "not an access token", f -> f.signed(f.claims().claim("token_use", null).build())),
                attack("refresh token used as access token", "not an access token", Fixture::refresh),
                attack("malformed access claim", "malformed access claim", f -> f.signed(f.claims().claim("access", "everything").build())),
                attack("bad catalog pattern", "malformed access claim", f ->
                        f.signed(f.claims().claim("catalog_repositories", List.of("a**b")).build())),
                attack("missing sub", "missing sub", f -> f.signed(f.claims().subject(null).build())),
                attack("garbage", "not a compact JWS", f -> "not-a-token"),
                attack("empty", "empty token", f -> ""),
                attack("null", "empty token", f -> null),
                attack("header not JSON", "unreadable header", f -> b64("nope") + "." + b64("{}") + ".c2ln"),
                attack("five parts (JWE)", "encrypted", f -> "a.b.c.d.e"),
                attack("oversized", "longer than", f -> "a".repeat(TokenVerifier.MAX_LENGTH + 1)));
    }

    static Arguments attack(String name, String reason, Function<Fixture, String> token) {
        return arguments(name, reason, token);
    }

    static JWSSigner rsaSigner(RSAKey rsa) {
        try {
            return new RSASSASigner(rsa);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void refusesAccessToken(String name, String reason, Function<Fixture, String> make) {
        Fixture f = Fixture.create();
        TokenVerifier verifier = new TokenVerifier(f.keys(), new TestClock(T0), ISSUER);
        Verification v = verifier.verify(make.apply(f), AUDIENCE);
        Verification.Invalid invalid = assertInstanceOf(Verification.Invalid.class, v, name);
        assertTrue(invalid.reasonForLog().contains(reason), name + ": " + invalid.reasonForLog());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refreshAttacks")
    void refusesRefreshToken(String name, String reason, Function<Fixture, String> make) {
        Fixture f = Fixture.create();
        TokenVerifier verifier = new TokenVerifier(f.keys(), new TestClock(T0), ISSUER);
        RefreshVerification v = verifier.verifyRefresh(make.apply(f), AUDIENCE);
        RefreshVerification.Invalid invalid = assertInstanceOf(RefreshVerification.Invalid.class, v, name);
        assertTrue(invalid.reasonForLog().contains(reason), name + ": " + invalid.reasonForLog());
    }

    static Stream<Arguments> refreshAttacks() {
        return Stream.of(
                attack("access token used as refresh token", "not a refresh token", f -> f.access(T0)),
                attack("refresh without grant", "grant claim", f ->
                        f.signed(f.claims().claim("token_use", "refresh").build())),
                attack("refresh for another audience", "wrong audience", f -> f.issuerAt(T0, ISSUER)
                        .issueRefresh("alice", "other.example", Map.of("kind", "credential"), T0.plusSeconds(3600))),
                attack("expired refresh", "expired", f -> f.issuerAt(T0.minusSeconds(7200), ISSUER)
                        .issueRefresh("alice", AUDIENCE, Map.of("kind", "credential"), T0.minusSeconds(3600))));
    }
}
