package dev.ecrpublic.authorizer.authn;

/**
 * ServiceLoader entry point for a verifier. ServiceLoader needs a no-arg constructor, so it loads providers and the
 * verifiers themselves keep constructor injection.
 */
public interface CredentialVerifierProvider {
    String name();

    CredentialVerifier create(AuthnSettings settings);
}
