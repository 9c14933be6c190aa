package dev.ecrpublic.token;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.policy.GrantedAccess;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks our own tokens. Each check is spelled out (rather than a generic processor) so every refusal logs its exact
 * reason; callers return one generic error. A bad token never throws; {@code KeysUnavailableException} does, so the
 * caller fails closed. Reasons never quote the token: at most the alg name and a shortened kid.
 */
public final class TokenVerifier {
    /** Clock skew allowed on exp and nbf, as distribution's token verifier allows. */
    public static final Duration LEEWAY = Duration.ofSeconds(60);
    /** Far above any token we issue; refuses huge inputs before any parsing. */
    static final int MAX_LENGTH = 16 * 1024;
    private static final Set<Algorithm> ACCEPTED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    private final KeySource keys;
    private final Clock clock;
    private final String issuer;

    public TokenVerifier(KeySource keys, Clock clock, String issuer) {
        this.keys = Objects.requireNonNull(keys);
        this.clock = Objects.requireNonNull(clock);
        this.issuer = Objects.requireNonNull(issuer);
    }

    public Verification verify(String jwt, String audience) {
        try {
            JWTClaimsSet claims = check(jwt, audience, TokenClaims.USE_ACCESS);
            GrantedAccess access;
            try {
                access = TokenClaims.readAccess(claims);
            } catch (RuntimeException e) {
                return new Verification.Invalid("malformed access claim: " + e.getMessage());
            }
            return new Verification.Valid(claims.getSubject(), access, claims.getExpirationTime().toInstant());
        } catch (Refusal r) {
            return new Verification.Invalid(r.getMessage());
        }
    }

    public RefreshVerification verifyRefresh(String jwt, String audience) {
        try {
            JWTClaimsSet claims = check(jwt, audience, TokenClaims.USE_REFRESH);
            if (!(claims.getClaim(TokenClaims.GRANT) instanceof Map<?, ?> grant))
                return new RefreshVerification.Invalid("grant claim missing or not an object");
            Map<String, Object> copy = new LinkedHashMap<>();
            grant.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return new RefreshVerification.Valid(claims.getSubject(), copy, claims.getExpirationTime().toInstant());
        } catch (Refusal r) {
            return new RefreshVerification.Invalid(r.getMessage());
        }
    }

    /** Signature, then issuer, audience, times and token use; the claims only when all hold. */
    private JWTClaimsSet check(String jwt, String audience, String expectedUse) throws Refusal {
        SignedJWT signed = parse(jwt);
        String alg = signed.getHeader().getAlgorithm().getName();
        String kid = signed.getHeader().getKeyID();
        if (kid == null || kid.isEmpty()) throw new Refusal("missing kid");
        JWK key = keys.verificationKey(kid).orElseThrow(() -> new Refusal("unknown kid " + shorten(kid)));
        if (!SigningKeyJwk.algorithm(key).map(a -> a.getName().equals(alg)).orElse(false))
            throw new Refusal("alg " + alg + " does not match the " + key.getKeyType() + " key " + shorten(kid));
        try {
            if (!signed.verify(SigningKeyJwk.verifier(key))) throw new Refusal("bad signature (kid " + shorten(kid) + ")");
        } catch (JOSEException e) {
            throw new Refusal("signature check failed: " + e.getClass().getSimpleName());
        }
        JWTClaimsSet claims;
        try {
            claims = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refusal("payload is not a JWT claims set");
        }
        Instant now = clock.instant();
        if (!issuer.equals(claims.getIssuer())) throw new Refusal("wrong issuer");
        List<String> aud = claims.getAudience();
        if (audience == null || aud == null || !aud.contains(audience)) throw new Refusal("wrong audience");
        Date exp = claims.getExpirationTime();
        if (exp == null) throw new Refusal("missing exp");
        if (!exp.toInstant().isAfter(now.minus(LEEWAY))) throw new Refusal("expired at " + exp.toInstant());
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(LEEWAY))) throw new Refusal("not valid before " + nbf.toInstant());
        if (!(claims.getClaim(TokenClaims.TOKEN_USE) instanceof String use) || !use.equals(expectedUse))
            throw new Refusal("not a" + (expectedUse.equals(TokenClaims.USE_ACCESS) ? "n" : "") + " " + expectedUse + " token");
        if (!(claims.getClaim("sub") instanceof String)) throw new Refusal("missing sub");
        return claims;
    }

    /** Reads the header before trusting anything: alg none and HMAC never reach key lookup. */
    private static SignedJWT parse(String jwt) throws Refusal {
        if (jwt == null || jwt.isEmpty()) throw new Refusal("empty token");
        if (jwt.length() > MAX_LENGTH) throw new Refusal("token longer than " + MAX_LENGTH);
        Base64URL[] parts;
        try {
            parts = JOSEObject.split(jwt);
        } catch (ParseException e) {
            throw new Refusal("not a compact JWS");
        }
        if (parts.length != 3) throw new Refusal("encrypted tokens are not accepted");
        Algorithm alg;
        try {
            alg = Header.parseAlgorithm(JSONObjectUtils.parse(parts[0].decodeToString()));
        } catch (ParseException | RuntimeException e) {
            throw new Refusal("unreadable header");
        }
        if (alg == null) throw new Refusal("missing alg");
        if (Algorithm.NONE.equals(alg)) throw new Refusal("unsigned token (alg none)");
        if (!ACCEPTED.contains(alg)) throw new Refusal("alg " + shorten(alg.getName()) + " not accepted");
        try {
            return new SignedJWT(parts[0], parts[1], parts[2]);
        } catch (ParseException e) {
            throw new Refusal("malformed JWS");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 48 ? s : s.substring(0, 48) + "...";
    }

    /** Internal control flow only: never leaves this class. */
    private static final class Refusal extends Exception {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }
}
