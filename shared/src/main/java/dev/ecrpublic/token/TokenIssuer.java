package dev.ecrpublic.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.policy.GrantedAccess;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.Objects;

/**
 * Signs access tokens (what the authorizer checks on every request) and refresh tokens (what the token endpoint
 * trades for a new access token). Both are JWTs signed with the current key; {@code token_use} keeps them apart.
 */
public final class TokenIssuer {
    private final KeySource keys;
    private final Clock clock;
    private final String issuer;
    private final SecureRandom random;

    public TokenIssuer(KeySource keys, Clock clock, String issuer) {
        this(keys, clock, issuer, new SecureRandom());
    }

    public TokenIssuer(KeySource keys, Clock clock, String issuer, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.issuer = Objects.requireNonNull(issuer);
        this.random = Objects.requireNonNull(random);
    }

    public IssuedToken issue(String subject, String audience, GrantedAccess access, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
        Instant now = now();
        JWTClaimsSet.Builder claims = common(subject, audience, now, now.plusSeconds(ttl.toSeconds()))
                .claim(TokenClaims.TOKEN_USE, TokenClaims.USE_ACCESS);
        TokenClaims.writeAccess(claims, access);
        return new IssuedToken(sign(claims.build()), now, ttl.toSeconds());
    }

    public String issueRefresh(String subject, String audience, Map<String, Object> grant, Instant expires) {
        Instant now = now();
        if (!expires.isAfter(now)) throw new IllegalArgumentException("refresh token would be born expired");
        JWTClaimsSet claims = common(subject, audience, now, expires.truncatedTo(ChronoUnit.SECONDS))
                .claim(TokenClaims.TOKEN_USE, TokenClaims.USE_REFRESH)
                .claim(TokenClaims.GRANT, grant)
                .build();
        return sign(claims);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS); // JWT times are whole seconds
    }

    private JWTClaimsSet.Builder common(String subject, String audience, Instant now, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(Objects.requireNonNull(subject))
                .audience(Objects.requireNonNull(audience))
                .expirationTime(Date.from(expires))
                .notBeforeTime(Date.from(now))
                .issueTime(Date.from(now))
                .jwtID(jti());
    }

    private String jti() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64URL.encode(bytes).toString();
    }

    private String sign(JWTClaimsSet claims) {
        JWK key = keys.signingKey();
        JWSAlgorithm alg = SigningKeyJwk.algorithm(key)
                .orElseThrow(() -> new IllegalStateException("signing key is neither EC P-256 nor RSA >= 2048"));
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(SigningKeyJwk.signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("token signing failed: " + e.getClass().getSimpleName());
        }
        return jwt.serialize();
    }

    @Override
    public String toString() {
        return "TokenIssuer[" + issuer + "]";
    }
}
