package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where images really live (ECR in production). Every method either answers or throws a
 * {@link dev.ecrpublic.registry.RegistryException} that says what the client should see.
 */
public interface BackingRegistry {
    /** A manifest's exact bytes, in one of the accepted media types. */
    record ManifestContent(byte[] bytes, String mediaType) {}

    ManifestContent manifest(LocatedRepository repository, ManifestReference reference, List<String> acceptedMediaTypes);

    /** A short-lived URL the client downloads the blob from. */
    URI blobLocation(LocatedRepository repository, Digest digest);

    long blobSize(LocatedRepository repository, Digest digest);

    /** Every tag of the repository, in no particular order. */
    List<String> tags(LocatedRepository repository);

    /**
     * Every repository of one registry (the location's registry and region; its repository name is ignored), by
     * its name there, in no particular order.
     */
    List<String> repositories(RepositoryLocation registry);

    /** A manifest whose {@code subject} is another, described as the referrers API lists it. */
    record Referrer(String mediaType, Digest digest, long size, Optional<String> artifactType,
                    Map<String, String> annotations) {
        public Referrer {
            annotations = Collections.unmodifiableMap(new TreeMap<>(annotations)); // sorted: the same JSON every time
        }
    }

    /** One page of referrers, and the opaque token of the next page while more remain. */
    record ReferrersPage(List<Referrer> referrers, Optional<String> nextToken) {
        public ReferrersPage {
            referrers = List.copyOf(referrers);
        }
    }

    /**
     * One page of the pullable manifests whose subject is {@code subject}, of one of {@code artifactTypes} unless
     * that is empty; {@code pageToken} is a previous page's {@code nextToken}. No such subject is an empty page.
     */
    ReferrersPage referrers(LocatedRepository repository, Digest subject, List<String> artifactTypes,
                            Optional<String> pageToken);

    /** Calls this thread has made to the backing service so far, for the audit log (0 where nobody counts). */
    default long callsOnThisThread() {
        return 0;
    }
}
