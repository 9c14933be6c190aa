package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.MappedRegistry;
import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.policy.Scope;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which repositories anonymous callers may pull, under the names clients use: every repository of the own registry and
 * of the policy's mapped registries, kept when {@link AccessPolicy#grant} would grant an anonymous caller pull of it
 * (its {@code anonymous} patterns or, with {@code tagAccess}, an {@code anonymous} pull tag). The policy is asked, never
 * second-guessed; when it cannot be read the caller gets UNAVAILABLE, never a longer list.
 */
final class PublicRepositories {
    private final Supplier<AccessPolicy> policy;
    private final GalleryReads reads;
    private final BoundedTagReads tags;
    private final Consumer<String> log;

    /** {@code policy} answers or throws UNAVAILABLE; {@link AccessPolicy#FALLBACK} when everything is public. */
    PublicRepositories(Supplier<AccessPolicy> policy, GalleryReads reads, BoundedTagReads tags, Consumer<String> log) {
        this.policy = policy;
        this.reads = reads;
        this.tags = tags;
        this.log = log;
    }

    /** The public repositories' client names, sorted. */
    List<String> names() {
        AccessPolicy current = policy.get();
        RegistryMapping registries = current.registries();
        List<String> candidates = new ArrayList<>(
                registries.clientNames(Optional.empty(), listable(RepositoryLocation.own(""), "")));
        for (MappedRegistry entry : registries.entries())
            candidates.addAll(registries.clientNames(Optional.of(entry), listable(entry.registry(), entry.prefix())));
        BoundedTagReads.View view = tags.view(Duration.ofSeconds(current.tagCacheSeconds()));
        GrantedAccess granted = current.grant(Identity.ANONYMOUS,
                candidates.stream().map(PublicRepositories::pull).toList(), view);
        if (view.skipped() > 0)
            LogLine.warn("gallery left out repositories whose tags it had no budget to read in this view")
                    .with("repositories", Integer.toString(view.skipped())).writeTo(log);
        Set<String> pullable = granted.pullableRepositories();
        return List.copyOf(new TreeSet<>(candidates.stream().filter(pullable::contains).toList()));
    }

    /** Where the public repository {@code name} lives; NAME_UNKNOWN alike for a private and a missing one. */
    RepositoryLocation locate(String name) {
        AccessPolicy current = policy.get();
        BoundedTagReads.View view = tags.view(Duration.ofSeconds(current.tagCacheSeconds()));
        if (!current.grant(Identity.ANONYMOUS, List.of(pull(name)), view).mayPull(name))
            throw new RegistryException(OciError.NAME_UNKNOWN);
        return current.registries().locate(name);
    }

    /**
     * A registry ECR refuses to list is left out (and logged), as the catalog does: another account's, or the own one
     * when the role may read only some repositories ({@code Repositories} other than {@code *}).
     */
    private List<String> listable(RepositoryLocation registry, String prefix) {
        try {
            return reads.repositories(registry);
        } catch (RegistryException e) {
            if (e.error() != OciError.DENIED) throw e;
            LogLine.warn("gallery leaves out a registry that ECR refuses to list")
                    .with("prefix", prefix).writeTo(log);
            return List.of();
        }
    }

    private static Scope pull(String name) {
        return new Scope(Access.REPOSITORY, "", name, List.of("pull"));
    }
}
