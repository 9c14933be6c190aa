package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.proxy.registry.ManifestMediaTypes;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.snapstart.OfflinePriming;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ArtifactStatusFilter;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageReferrer;
import software.amazon.awssdk.services.ecr.model.ListImageReferrersFilter;
import software.amazon.awssdk.services.ecr.model.ListImageReferrersResponse;
import software.amazon.awssdk.services.ecr.model.ListImagesResponse;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.TagStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ECR calls through the SDK's service client: the reference {@link EcrJsonApi} is tested against, and what a
 * caller that already holds SDK clients may use.
 */
public final class EcrSdkApi implements EcrApi {
    private final EcrClients ecr;

    public EcrSdkApi(EcrClients ecr) {
        this.ecr = ecr;
    }

    @Override
    public Images batchGetImage(RepositoryLocation at, ManifestReference reference, List<String> acceptedMediaTypes) {
        ImageIdentifier id = switch (reference) {
            case ManifestReference.ByTag t -> ImageIdentifier.builder().imageTag(t.tag().value()).build();
            case ManifestReference.ByDigest d -> ImageIdentifier.builder().imageDigest(d.digest().value()).build();
        };
        BatchGetImageResponse response = call(() -> ecr.in(at.region()).batchGetImage(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .imageIds(id).acceptedMediaTypes(acceptedMediaTypes)));
        return new Images(
                response.images().stream().map(i -> new Manifest(i.imageManifest(), i.imageManifestMediaType())).toList(),
                response.failures().stream().map(ImageFailure::failureCodeAsString).toList());
    }

    @Override
    public String getDownloadUrlForLayer(RepositoryLocation at, String digest) {
        return call(() -> ecr.in(at.region()).getDownloadUrlForLayer(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .layerDigest(digest))).downloadUrl();
    }

    @Override
    public List<Layer> batchCheckLayerAvailability(RepositoryLocation at, String digest) {
        return call(() -> ecr.in(at.region()).batchCheckLayerAvailability(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .layerDigests(digest))).layers().stream()
                .map(l -> new Layer(l.layerDigest(), l.layerAvailabilityAsString(), l.layerSize()))
                .toList();
    }

    @Override
    public Page listImageTags(RepositoryLocation at, Optional<String> nextToken) {
        ListImagesResponse response = call(() -> ecr.in(at.region()).listImages(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .filter(f -> f.tagStatus(TagStatus.TAGGED)).maxResults(1000).nextToken(nextToken.orElse(null))));
        List<String> tags = new ArrayList<>();
        response.imageIds().forEach(id -> {
            if (id.imageTag() != null) tags.add(id.imageTag());
        });
        return new Page(tags, Optional.ofNullable(response.nextToken()));
    }

    @Override
    public Page describeRepositoryNames(RepositoryLocation registry, Optional<String> nextToken) {
        DescribeRepositoriesResponse response = call(() -> ecr.in(registry.region()).describeRepositories(b -> b
                .registryId(registry.registryId().orElse(null)).maxResults(1000).nextToken(nextToken.orElse(null))));
        return new Page(response.repositories().stream().map(Repository::repositoryName).toList(),
                Optional.ofNullable(response.nextToken()));
    }

    @Override
    public Referrers listImageReferrers(RepositoryLocation at, String subjectDigest, List<String> artifactTypes,
                                        int maxResults, Optional<String> nextToken) {
        ListImageReferrersFilter.Builder filter = ListImageReferrersFilter.builder()
                .artifactStatus(ArtifactStatusFilter.ACTIVE);
        if (!artifactTypes.isEmpty()) filter.artifactTypes(artifactTypes);
        ListImageReferrersResponse response = call(() -> ecr.in(at.region()).listImageReferrers(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .subjectId(s -> s.imageDigest(subjectDigest)).filter(filter.build())
                .maxResults(maxResults).nextToken(nextToken.orElse(null))));
        List<Referrer> referrers = new ArrayList<>();
        for (ImageReferrer r : response.referrers())
            referrers.add(new Referrer(r.digest(), r.mediaType(), r.size() == null ? 0 : r.size(), r.artifactType(),
                    r.annotations()));
        return new Referrers(referrers, Optional.ofNullable(response.nextToken()));
    }

    @Override
    public void primeOffline() {
        OfflinePriming.run(() -> ecr.home().batchGetImage(b -> b.repositoryName("priming")
                .imageIds(i -> i.imageTag("priming")).acceptedMediaTypes(ManifestMediaTypes.ALL)
                .overrideConfiguration(OfflinePriming.request())));
    }

    @Override
    public void close() {
        ecr.close();
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    /** The SDK's failures as ECR's codes and statuses: a service error as answered, anything else as no answer. */
    static EcrFailure failure(SdkException e) {
        if (e instanceof AwsServiceException x) {
            String code = x.awsErrorDetails() == null ? null : x.awsErrorDetails().errorCode();
            return EcrFailure.answered(code, x.statusCode(), x.getMessage());
        }
        return EcrFailure.noAnswer(e.getMessage());
    }
}
