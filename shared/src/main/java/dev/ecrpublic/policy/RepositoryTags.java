package dev.ecrpublic.policy;

import java.util.Map;

/**
 * The tags of an ECR repository, as the policy reads them for tag-based access. An implementation that cannot read
 * them answers with no tags (and says why in its log): a failed read grants nothing.
 */
@FunctionalInterface
public interface RepositoryTags {
    RepositoryTags NONE = location -> Map.of();

    Map<String, String> of(RepositoryLocation location);
}
