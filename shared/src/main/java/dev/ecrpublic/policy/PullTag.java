package dev.ecrpublic.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ECR repository tag {@code ecr-public:pull}: a space-separated list of who may pull the repository, as
 * {@code anonymous} (everyone), {@code authenticated} (anyone who logged in), a credential name, or
 * {@code oidc:<issuer>} (anyone one of that issuer's rules admitted). It grants pull and nothing else: no other
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

    public boolean admits(Identity who) {
        return grantees.stream().anyMatch(g -> admits(g, who));
    }

    /**
     * An OIDC caller counts as authenticated only when one of its issuer's rules admitted its token (its identity
     * then carries that rule's patterns): issuers such as CI providers sign tokens for anyone who runs a job there,
     * so a valid signature alone must never open a repository.
     */
    private static boolean admits(String grantee, Identity who) {
        Principal p = who.principal();
        boolean ruleAdmitted = p.kind() == Principal.Kind.OIDC && !who.repositories().isEmpty();
        if (grantee.equals(ANONYMOUS)) return true;
        if (grantee.equals(AUTHENTICATED)) return p.kind() == Principal.Kind.CREDENTIAL || ruleAdmitted;
        if (grantee.startsWith(OIDC)) return ruleAdmitted && p.issuer().equals(grantee.substring(OIDC.length()));
        return p.kind() == Principal.Kind.CREDENTIAL && p.name().equals(grantee);
    }
}
