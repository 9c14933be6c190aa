package dev.ecrpublic.authorizer.authn;

import dev.ecrpublic.policy.Identity;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a verifier concluded about a credential. */
public sealed interface AuthnOutcome {
    /**
     * The caller is known. {@code validUntil} caps the lifetime of tokens issued on this proof (a credential's expiry,
     * an OIDC token's {@code exp}); {@code refreshGrant} is what a refresh token carries so the verifier can re-check
     * the same identity later without the original secret.
     */
    record Authenticated(Identity identity, Optional<Instant> validUntil, Map<String, Object> refreshGrant)
            implements AuthnOutcome {
        public Authenticated {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(validUntil, "validUntil");
            refreshGrant = Map.copyOf(refreshGrant);
        }
    }

    /** Not this verifier's kind of credential: ask the next one. */
    record NoMatch() implements AuthnOutcome {}

    /** This verifier's kind of credential, and it is wrong. The reason goes to the log only, never to the client. */
    record Rejected(String reasonForLog) implements AuthnOutcome {}
}
