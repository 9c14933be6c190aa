package dev.ecrpublic.authorizer.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.OidcIssuer;
import dev.ecrpublic.policy.Principal;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Workload identity: the password is an OIDC token (for example a CI job's) from an issuer the policy trusts. The
 * token's {@code iss} picks the issuer (no configured issuer: not ours), its JWKS verifies the signature, and the
 * issuer's rules turn its claims into repository patterns. The username is ignored: clients insist on sending one.
 */
public final class OidcCredentials implements CredentialVerifier {
    static final String KIND = "oidc";
    /** Clock skew tolerated on {@code exp} and {@code nbf}, as for our own tokens. */
    static final Duration SKEW = Duration.ofSeconds(60);
    /** Asymmetric only: {@code none} and HMAC (which a forger could key with the public key) never verify. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final Supplier<AccessDocument> access;
    private final Clock clock;
    private final Consumer<String> log;
    private final Function<URI, JWKSource<SecurityContext>> keySources;
    /** One caching key source per JWKS URL, kept across requests (and across policy reloads that keep the URL). */
    private final ConcurrentMap<URI, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();

    public OidcCredentials(Supplier<AccessDocument> access, Clock clock, Consumer<String> log) {
        this(access, clock, log, OidcCredentials::remoteKeys);
    }

    OidcCredentials(Supplier<AccessDocument> access, Clock clock, Consumer<String> log,
                    Function<URI, JWKSource<SecurityContext>> keySources) {
        this.access = access;
        this.clock = clock;
        this.log = log;
        this.keySources = keySources;
    }

    @Override
    public AuthnOutcome verify(String username, String password) {
        JWT jwt;
        String iss;
        try {
            jwt = JWTParser.parse(password == null ? "" : password);
            iss = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return new AuthnOutcome.NoMatch();
        }
        Optional<OidcIssuer> issuer = iss == null ? Optional.empty() : access.get().effectivePolicy().issuer(iss);
        if (issuer.isEmpty()) return new AuthnOutcome.NoMatch();
        if (!(jwt instanceof SignedJWT signed)) return new AuthnOutcome.Rejected("unsigned OIDC token from " + iss);
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) return new AuthnOutcome.Rejected("OIDC token algorithm " + alg + " refused");
        JWTClaimsSet claims;
        try {
            claims = processor(issuer.get()).process(signed, null);
        } catch (RateLimitReachedException e) {
            return new AuthnOutcome.Rejected("OIDC token key unknown (JWKS reload rate-limited) for " + iss);
        } catch (KeySourceException e) {
            LogLine.warn("OIDC keys unavailable").with("issuer", iss).with("error", e.getMessage()).writeTo(log);
            throw new RegistryException(OciError.UNAVAILABLE, "OIDC issuer keys unavailable");
        } catch (BadJOSEException | JOSEException e) {
            return new AuthnOutcome.Rejected("OIDC token from " + iss + " refused: " + e.getMessage());
        }
        String problem = claimsProblem(claims, issuer.get());
        if (problem != null) return new AuthnOutcome.Rejected("OIDC token from " + iss + " refused: " + problem);
        return authenticated(issuer.get(), claims.getSubject(), claims.getClaims(),
                Optional.of(claims.getExpirationTime().toInstant()));
    }

    @Override
    public AuthnOutcome refresh(Map<String, Object> grant) {
        if (!KIND.equals(grant.get("kind"))) return new AuthnOutcome.NoMatch();
        if (!(grant.get("issuer") instanceof String iss) || !(grant.get("sub") instanceof String sub)
                || !(grant.get("claims") instanceof Map<?, ?> claims))
            return new AuthnOutcome.Rejected("malformed OIDC grant");
        Optional<OidcIssuer> issuer = access.get().effectivePolicy().issuer(iss);
        if (issuer.isEmpty()) return new AuthnOutcome.Rejected("OIDC issuer " + iss + " is no longer trusted");
        Map<String, Object> stored = new LinkedHashMap<>();
        claims.forEach((k, v) -> stored.put(String.valueOf(k), v));
        return authenticated(issuer.get(), sub, stored, Optional.empty());
    }

    /** Checked here rather than by nimbus so that time comes from the injected clock. */
    private String claimsProblem(JWTClaimsSet claims, OidcIssuer issuer) {
        Instant now = clock.instant();
        if (!issuer.issuer().equals(claims.getIssuer())) return "issuer mismatch";
        if (claims.getAudience() == null || !claims.getAudience().contains(issuer.audience()))
            return "audience does not contain " + issuer.audience();
        if (claims.getExpirationTime() == null) return "no exp";
        if (!now.isBefore(claims.getExpirationTime().toInstant().plus(SKEW))) return "expired";
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(SKEW)))
            return "not valid yet";
        if (claims.getSubject() == null || claims.getSubject().isEmpty()) return "no sub";
        return null;
    }

    private static AuthnOutcome authenticated(OidcIssuer issuer, String sub, Map<String, Object> claims,
                                              Optional<Instant> validUntil) {
        // Only the claims the rules look at travel in the refresh token: enough to re-evaluate, nothing more.
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String name : issuer.ruleClaimNames()) if (claims.get(name) != null) kept.put(name, claims.get(name));
        Identity identity = new Identity(Principal.oidc(sub, issuer.issuer()), issuer.repositoriesFor(kept));
        return new AuthnOutcome.Authenticated(identity, validUntil,
                Map.of("kind", KIND, "issuer", issuer.issuer(), "sub", sub, "claims", kept));
    }

    private DefaultJWTProcessor<SecurityContext> processor(OidcIssuer issuer) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
                sources.computeIfAbsent(issuer.jwksUri(), keySources)));
        processor.setJWTClaimsSetVerifier((claims, context) -> { }); // see claimsProblem
        return processor;
    }

    /** nimbus's caching, rate-limited JWKS fetcher with short timeouts: a slow issuer must not stall the token endpoint. */
    static JWKSource<SecurityContext> remoteKeys(URI jwksUri) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(),
                    new DefaultResourceRetriever(2_000, 2_000, 256 * 1024)).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUri, e);
        }
    }
}
