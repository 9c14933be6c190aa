package dev.ecrpublic.authorizer.authn;

/** ServiceLoader entry for {@link IssuedCredentials}. */
public final class IssuedCredentialsProvider implements CredentialVerifierProvider {
    public static final String NAME = "credentials";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CredentialVerifier create(AuthnSettings settings) {
        return new IssuedCredentials(settings.access(), settings.clock());
    }
}
