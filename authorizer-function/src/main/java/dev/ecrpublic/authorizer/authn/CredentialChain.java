package dev.ecrpublic.authorizer.authn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Asks each verifier in turn; the first that is not NoMatch decides. When nobody recognises the credential the answer
 * is Rejected: a caller who sent credentials is never silently treated as anonymous. Exceptions (a store that cannot
 * be read) propagate, so the caller fails closed.
 */
public final class CredentialChain {
    /** Built-ins first, in this order, then any others by name, so the order never depends on the classpath. */
    private static final List<String> BUILT_IN = List.of(IssuedCredentialsProvider.NAME, OidcCredentialsProvider.NAME);

    private final List<CredentialVerifier> verifiers;

    public CredentialChain(List<CredentialVerifier> verifiers) {
        this.verifiers = List.copyOf(verifiers);
    }

    public static CredentialChain load(AuthnSettings settings) {
        List<CredentialVerifierProvider> found = new ArrayList<>();
        ServiceLoader.load(CredentialVerifierProvider.class, CredentialChain.class.getClassLoader()).forEach(found::add);
        return new CredentialChain(select(found).stream().map(p -> p.create(settings)).toList());
    }

    /** Orders the providers; two with the same name are a packaging mistake and refused. */
    static List<CredentialVerifierProvider> select(List<CredentialVerifierProvider> found) {
        Set<String> names = new HashSet<>();
        for (CredentialVerifierProvider p : found)
            if (!names.add(p.name())) throw new IllegalStateException("two credential verifiers named " + p.name());
        List<CredentialVerifierProvider> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparingInt((CredentialVerifierProvider p) -> rank(p.name()))
                .thenComparing(CredentialVerifierProvider::name));
        return ordered;
    }

    private static int rank(String name) {
        int i = BUILT_IN.indexOf(name);
        return i < 0 ? BUILT_IN.size() : i;
    }

    public AuthnOutcome verify(String username, String password) {
        for (CredentialVerifier v : verifiers) {
            AuthnOutcome outcome = v.verify(username, password);
            if (!(outcome instanceof AuthnOutcome.NoMatch)) return outcome;
        }
        return new AuthnOutcome.Rejected("no verifier accepted");
    }

    public AuthnOutcome refresh(Map<String, Object> grant) {
        for (CredentialVerifier v : verifiers) {
            AuthnOutcome outcome = v.refresh(grant);
            if (!(outcome instanceof AuthnOutcome.NoMatch)) return outcome;
        }
        return new AuthnOutcome.Rejected("no verifier accepted the refresh grant");
    }

    int size() {
        return verifiers.size();
    }
}
