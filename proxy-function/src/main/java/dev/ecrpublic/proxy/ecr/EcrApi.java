package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.reference.ManifestReference;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ECR calls the proxy makes, one method each, in plain values: what {@link EcrRegistry} asks and both paths to
 * ECR answer alike ({@link EcrJsonApi}, signed JSON calls; {@link EcrSdkApi}, the SDK's service client, kept as the
 * reference the other is tested against). A repository's registry ({@code registryId}) and region come from its
 * {@link RepositoryLocation}. Every method answers or throws an {@link EcrFailure}; one call of a method is one ECR
 * call, retries aside.
 */
public interface EcrApi extends AutoCloseable {
    /** BatchGetImage of one image: the images found (at most one) and the failure codes of those not found. */
    record Images(List<Manifest> images, List<String> failureCodes) {}

    /** {@code mediaType} is null when ECR stored the image without one. */
    record Manifest(String manifest, String mediaType) {}

    /** One entry of BatchCheckLayerAvailability; {@code size} is null when ECR gives none. */
    record Layer(String digest, String availability, Long size) {}

    /** One page of a listing and the token of the next, if any. */
    record Page(List<String> items, Optional<String> nextToken) {}

    /** One entry of ListImageReferrers; {@code artifactType} is null when ECR gives none, {@code annotations} never. */
    record Referrer(String digest, String mediaType, long size, String artifactType, Map<String, String> annotations) {}

    /** One page of ListImageReferrers and the token of the next, if any. */
    record Referrers(List<Referrer> referrers, Optional<String> nextToken) {}

    Images batchGetImage(RepositoryLocation at, ManifestReference reference, List<String> acceptedMediaTypes);

    String getDownloadUrlForLayer(RepositoryLocation at, String digest);

    List<Layer> batchCheckLayerAvailability(RepositoryLocation at, String digest);

    /** ListImages, tagged images only: their tags. */
    Page listImageTags(RepositoryLocation at, Optional<String> nextToken);

    /** DescribeRepositories of the location's registry: the repositories' names. */
    Page describeRepositoryNames(RepositoryLocation registry, Optional<String> nextToken);

    /**
     * ListImageReferrers of {@code subjectDigest}: ACTIVE referrers only, of {@code artifactTypes} when any are named,
     * at most {@code maxResults} (1 to 50) a page.
     */
    Referrers listImageReferrers(RepositoryLocation at, String subjectDigest, List<String> artifactTypes, int maxResults,
                                 Optional<String> nextToken);

    /**
     * Runs a BatchGetImage up to the moment it would go on the wire and reads a canned answer, so that a SnapStart
     * snapshot holds the whole call path warm: no network, no real credentials.
     */
    void primeOffline();

    @Override
    void close();
}
