package dev.ecrpublic.authorizer.authn;

import java.util.Map;

/**
 * Checks one kind of credential. Throws only when it cannot decide (for example the access document cannot be
 * loaded: a {@code RegistryException} UNAVAILABLE); a wrong credential is a {@link AuthnOutcome.Rejected}.
 */
public interface CredentialVerifier {
    AuthnOutcome verify(String username, String password);

    /** Re-checks a grant this verifier put in a refresh token; NoMatch when the grant is of another kind. */
    AuthnOutcome refresh(Map<String, Object> grant);
}
