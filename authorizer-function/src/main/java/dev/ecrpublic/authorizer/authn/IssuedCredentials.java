package dev.ecrpublic.authorizer.authn;

import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.IssuedCredential;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.Principal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Credentials issued by the operator ({@code ecr-public credentials issue}): the username is the credential's name,
 * the password its secret. Only hashes are stored, and an unknown name is hashed and compared too, so response time
 * does not tell which names exist.
 */
public final class IssuedCredentials implements CredentialVerifier {
    static final String KIND = "credential";

    /** Compared against when the name is unknown; its digest matches no secret anyone knows. */
    private static final IssuedCredential DUMMY = dummy();

    private final Supplier<AccessDocument> access;
    private final Clock clock;

    public IssuedCredentials(Supplier<AccessDocument> access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    @Override
    public AuthnOutcome verify(String username, String password) {
        if (username == null || password == null || username.isEmpty()) return new AuthnOutcome.NoMatch();
        Optional<IssuedCredential> found = access.get().credential(username);
        boolean matches = found.orElse(DUMMY).secretMatches(password);
        // Only a password in the issued format is ours to judge: a JWT sent as the password of a credential that
        // happens to share the user name (say "oidc") is left to the OIDC verifier.
        if (found.isEmpty() || !password.startsWith(IssuedSecret.PREFIX)) return new AuthnOutcome.NoMatch();
        IssuedCredential credential = found.get();
        if (!matches) return new AuthnOutcome.Rejected("wrong secret for credential " + credential.name());
        if (credential.expiredAt(clock.instant()))
            return new AuthnOutcome.Rejected("credential " + credential.name() + " expired");
        return authenticated(credential);
    }

    @Override
    public AuthnOutcome refresh(Map<String, Object> grant) {
        if (!KIND.equals(grant.get("kind"))) return new AuthnOutcome.NoMatch();
        if (!(grant.get("name") instanceof String name) || !(grant.get("id") instanceof String id))
            return new AuthnOutcome.Rejected("malformed credential grant");
        Optional<IssuedCredential> found = access.get().credential(name);
        if (found.isEmpty()) return new AuthnOutcome.Rejected("credential " + name + " was revoked");
        IssuedCredential credential = found.get();
        if (!credential.id().equals(id)) return new AuthnOutcome.Rejected("credential " + name + " was re-issued");
        if (credential.expiredAt(clock.instant()))
            return new AuthnOutcome.Rejected("credential " + name + " expired");
        return authenticated(credential);
    }

    private static AuthnOutcome authenticated(IssuedCredential credential) {
        return new AuthnOutcome.Authenticated(
                new Identity(Principal.credential(credential.name()), credential.repositories()),
                credential.expires(),
                Map.of("kind", KIND, "name", credential.name(), "id", credential.id()));
    }

    private static IssuedCredential dummy() {
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        return new IssuedCredential("dummy", "0000000000000000", HexFormat.of().formatHex(digest), List.of(),
                Optional.empty(), Instant.EPOCH);
    }
}
