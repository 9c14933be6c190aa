package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.reference.RepositoryName;

import java.net.URI;
import java.util.List;

/**
 * Where images really live (ECR in production). Every method either answers or throws a
 * {@link dev.ecrpublic.registry.RegistryException} that says what the client should see.
 */
public interface BackingRegistry {
    /** A manifest's exact bytes, in one of the accepted media types. */
    record ManifestContent(byte[] bytes, String mediaType) {}

    ManifestContent manifest(RepositoryName name, ManifestReference reference, List<String> acceptedMediaTypes);

    /** A short-lived URL the client downloads the blob from. */
    URI blobLocation(RepositoryName name, Digest digest);

    long blobSize(RepositoryName name, Digest digest);

    /** Every tag of the repository, in no particular order. */
    List<String> tags(RepositoryName name);

    /** Every repository, in no particular order. */
    List<String> repositories();

    /** Calls this thread has made to the backing service so far, for the audit log (0 where nobody counts). */
    default long callsOnThisThread() {
        return 0;
    }
}
