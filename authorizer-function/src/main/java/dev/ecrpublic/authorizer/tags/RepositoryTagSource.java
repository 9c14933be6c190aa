package dev.ecrpublic.authorizer.tags;

import dev.ecrpublic.policy.RepositoryTags;

import java.time.Duration;

/** Where the token endpoint reads repository tags from when the policy turns tag access on. */
@FunctionalInterface
public interface RepositoryTagSource {
    /** No tags anywhere: tag access grants nothing. */
    RepositoryTagSource NONE = ttl -> RepositoryTags.NONE;

    /** The tags, each repository's read remembered for {@code ttl}. */
    RepositoryTags cachedFor(Duration ttl);

    /** Loads the read path before a SnapStart snapshot, without a call leaving the process. */
    default void prime() {
    }

    /** Forgets remembered reads (after a SnapStart restore). */
    default void invalidate() {
    }
}
