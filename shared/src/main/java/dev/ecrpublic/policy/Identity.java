package dev.ecrpublic.policy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of authentication: who, plus the repository patterns their credential carries. The policy adds its
 * anonymous patterns for everyone, so an anonymous identity carries none of its own.
 */
public record Identity(Principal principal, List<RepositoryGlob> repositories) {
    public static final Identity ANONYMOUS = new Identity(Principal.ANONYMOUS, List.of());

    public Identity {
        Objects.requireNonNull(principal, "principal");
        repositories = List.copyOf(repositories);
    }
}
