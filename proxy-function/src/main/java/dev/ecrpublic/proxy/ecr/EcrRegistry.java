package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.proxy.registry.BackingRegistry;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.proxy.registry.LocatedRepository;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.model.ArtifactStatusFilter;
import software.amazon.awssdk.services.ecr.model.BatchCheckLayerAvailabilityResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageReferrer;
import software.amazon.awssdk.services.ecr.model.Layer;
import software.amazon.awssdk.services.ecr.model.LayerAvailability;
import software.amazon.awssdk.services.ecr.model.ListImageReferrersFilter;
import software.amazon.awssdk.services.ecr.model.ListImageReferrersResponse;
import software.amazon.awssdk.services.ecr.model.TagStatus;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pull API's questions, asked of ECR: one ECR call per request, except listings longer than a page. A repository
 * in another account is asked for with that {@code registryId}, in another region through that region's client.
 */
public final class EcrRegistry implements BackingRegistry {
    /** ListImageReferrers' largest page (its maxResults is 1 to 50): the fewest calls for a long list. */
    static final int REFERRERS_PAGE_SIZE = 50;

    private final EcrClients ecr;
    private final EcrCalls calls;

    /** {@code calls} is the counter the clients were built with (see {@link EcrClients}). */
    public EcrRegistry(EcrClients ecr, EcrCalls calls) {
        this.ecr = ecr;
        this.calls = calls;
    }

    @Override
    public long callsOnThisThread() {
        return calls.onThisThread();
    }

    @Override
    public ManifestContent manifest(LocatedRepository repository, ManifestReference reference, List<String> accepted) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "reference", reference.toString());
        RepositoryLocation at = repository.location();
        ImageIdentifier id = switch (reference) {
            case ManifestReference.ByTag t -> ImageIdentifier.builder().imageTag(t.tag().value()).build();
            case ManifestReference.ByDigest d -> ImageIdentifier.builder().imageDigest(d.digest().value()).build();
        };
        BatchGetImageResponse response = call(detail, () -> ecr.in(at.region()).batchGetImage(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .imageIds(id).acceptedMediaTypes(accepted)));
        if (response.images().isEmpty()) {
            String code = response.failures().isEmpty() ? "ImageNotFound" : response.failures().getFirst().failureCodeAsString();
            throw EcrErrors.imageFailure(code, detail);
        }
        Image image = response.images().getFirst();
        byte[] bytes = image.imageManifest().getBytes(StandardCharsets.UTF_8);
        String mediaType = image.imageManifestMediaType();
        return new ManifestContent(bytes, mediaType != null ? mediaType : ManifestJson.mediaTypeOf(bytes));
    }

    @Override
    public URI blobLocation(LocatedRepository repository, Digest digest) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "digest", digest.value());
        RepositoryLocation at = repository.location();
        String url = call(detail, () -> ecr.in(at.region()).getDownloadUrlForLayer(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .layerDigest(digest.value()))).downloadUrl();
        return URI.create(url);
    }

    @Override
    public long blobSize(LocatedRepository repository, Digest digest) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "digest", digest.value());
        RepositoryLocation at = repository.location();
        BatchCheckLayerAvailabilityResponse response = call(detail, () -> ecr.in(at.region()).batchCheckLayerAvailability(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .layerDigests(digest.value())));
        return response.layers().stream()
                .filter(l -> l.layerAvailability() == LayerAvailability.AVAILABLE && digest.value().equals(l.layerDigest()))
                .mapToLong(Layer::layerSize)
                .findFirst()
                .orElseThrow(() -> new RegistryException(OciError.BLOB_UNKNOWN, null, detail));
    }

    @Override
    public List<String> tags(LocatedRepository repository) {
        RepositoryLocation at = repository.location();
        return call(Map.of("name", repository.name().value()), () -> {
            List<String> tags = new ArrayList<>();
            ecr.in(at.region()).listImagesPaginator(b -> b.registryId(at.registryId().orElse(null))
                            .repositoryName(at.repositoryName()).filter(f -> f.tagStatus(TagStatus.TAGGED)).maxResults(1000))
                    .imageIds().forEach(id -> {
                        if (id.imageTag() != null) tags.add(id.imageTag());
                    });
            return tags;
        });
    }

    @Override
    public List<String> repositories(RepositoryLocation registry) {
        return call(Map.of(), () -> {
            List<String> names = new ArrayList<>();
            ecr.in(registry.region()).describeRepositoriesPaginator(b -> b.registryId(registry.registryId().orElse(null))
                    .maxResults(1000)).repositories().forEach(r -> names.add(r.repositoryName()));
            return names;
        });
    }

    /**
     * One ListImageReferrers call. Only ACTIVE referrers are asked for (ECR's default, stated so that it stays so): an
     * archived one cannot be pulled until it is restored, nor one still being restored, and a client that finds a
     * signature it cannot fetch fails where one that finds none falls back or says so.
     */
    @Override
    public ReferrersPage referrers(LocatedRepository repository, Digest subject, List<String> artifactTypes,
                                   Optional<String> pageToken) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "digest", subject.value());
        RepositoryLocation at = repository.location();
        ListImageReferrersFilter.Builder filter = ListImageReferrersFilter.builder()
                .artifactStatus(ArtifactStatusFilter.ACTIVE);
        if (!artifactTypes.isEmpty()) filter.artifactTypes(artifactTypes);
        ListImageReferrersResponse response = call(detail, () -> ecr.in(at.region()).listImageReferrers(b -> b
                .registryId(at.registryId().orElse(null)).repositoryName(at.repositoryName())
                .subjectId(s -> s.imageDigest(subject.value())).filter(filter.build())
                .maxResults(REFERRERS_PAGE_SIZE).nextToken(pageToken.orElse(null))));
        List<Referrer> referrers = new ArrayList<>();
        for (ImageReferrer r : response.referrers())
            referrers.add(new Referrer(r.mediaType(), new Digest(r.digest()), r.size(),
                    Optional.ofNullable(r.artifactType()), r.annotations()));
        return new ReferrersPage(referrers, Optional.ofNullable(response.nextToken()).filter(t -> !t.isEmpty()));
    }

    private static <T> T call(Map<String, String> detail, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw EcrErrors.translate(e, detail);
        }
    }
}
