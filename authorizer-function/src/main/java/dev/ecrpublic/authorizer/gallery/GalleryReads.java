package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.policy.RepositoryLocation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the gallery reads from ECR. A read that fails throws a {@link dev.ecrpublic.registry.RegistryException}
 * (a repository that does not exist: NAME_UNKNOWN).
 */
interface GalleryReads {
    /** Repository names in the registry (and region) {@code registry} names, as ECR knows them. */
    List<String> repositories(RepositoryLocation registry);

    /** The repository's tagged images. */
    List<TaggedImage> images(RepositoryLocation repository);

    /** The platforms ({@code os/architecture[/variant]}) each of {@code indexDigests}' image index lists. */
    Map<String, List<String>> platforms(RepositoryLocation repository, List<String> indexDigests);

    /** One image as DescribeImages describes it: its tags, digest, manifest type, compressed size and push date. */
    record TaggedImage(List<String> tags, String digest, String mediaType, long size, Instant pushedAt) {
        public TaggedImage {
            tags = List.copyOf(tags);
        }

        boolean isIndex() {
            return mediaType.equals("application/vnd.oci.image.index.v1+json")
                    || mediaType.equals("application/vnd.docker.distribution.manifest.list.v2+json");
        }
    }
}
