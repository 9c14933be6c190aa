package dev.ecrpublic.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ECR repository tag {@code ecr-public:pull}: a space-separated list of who may pull the repository, as
 * {@code anonymous} (everyone), {@code authenticated} (anyone who logged in), a credential name, or
 * {@code oidc:<issuer>} (anyone that issuer's rules admitted). It grants pull and nothing else: no other
 * {@code ecr-public:} key means anything, so a tag cannot grant push, delete or the catalog.
 */
public record PullTag(List<String> grantees) {
    public static final String KEY = "ecr-public:pull";
    static final String ANONYMOUS = "anonymous";
    static final String AUTHENTICATED = "authenticated";
    static final String OIDC = "oidc:";

    public PullTag {
        grantees = List.copyOf(grantees);
    }

    /** The repository's pull tag, if it has one. */
    public static Optional<PullTag> of(Map<String, String> repositoryTags) {
        String value = repositoryTags.get(KEY);
        if (value == null) return Optional.empty();
        return Optional.of(new PullTag(Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()));
    }

    public boolean admits(Principal who) {
        return grantees.stream().anyMatch(g -> admits(g, who));
    }

    private static boolean admits(String grantee, Principal who) {
        if (grantee.equals(ANONYMOUS)) return true;
        if (grantee.equals(AUTHENTICATED)) return who.kind() != Principal.Kind.ANONYMOUS;
        if (grantee.startsWith(OIDC))
            return who.kind() == Principal.Kind.OIDC && who.issuer().equals(grantee.substring(OIDC.length()));
        return who.kind() == Principal.Kind.CREDENTIAL && who.name().equals(grantee);
    }
}
