package dev.ecrpublic.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a repository the client names really lives: an ECR registry (account) and region, each empty for the
 * function's own, and the repository's name there.
 */
public record RepositoryLocation(Optional<String> registryId, Optional<String> region, String repositoryName) {
    public RepositoryLocation {
        Objects.requireNonNull(registryId, "registryId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(repositoryName, "repositoryName");
    }

    public static RepositoryLocation own(String repositoryName) {
        return new RepositoryLocation(Optional.empty(), Optional.empty(), repositoryName);
    }
}
