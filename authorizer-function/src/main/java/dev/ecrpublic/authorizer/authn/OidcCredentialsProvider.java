package dev.ecrpublic.authorizer.authn;

/** ServiceLoader entry for {@link OidcCredentials}. */
public final class OidcCredentialsProvider implements CredentialVerifierProvider {
    public static final String NAME = "oidc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CredentialVerifier create(AuthnSettings settings) {
        return new OidcCredentials(settings.access(), settings.clock(), settings.log());
    }
}
