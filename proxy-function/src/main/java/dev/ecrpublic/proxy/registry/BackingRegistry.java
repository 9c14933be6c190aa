package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;

import java.net.URI;
import java.util.List;

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

    /** Calls this thread has made to the backing service so far, for the audit log (0 where nobody counts). */
    default long callsOnThisThread() {
        return 0;
    }
}
