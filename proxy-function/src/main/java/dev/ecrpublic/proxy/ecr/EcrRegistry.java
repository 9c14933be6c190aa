package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.proxy.registry.BackingRegistry;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchCheckLayerAvailabilityResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Layer;
import software.amazon.awssdk.services.ecr.model.LayerAvailability;
import software.amazon.awssdk.services.ecr.model.TagStatus;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The pull API's questions, asked of ECR: one ECR call per request, except listings longer than a page. */
public final class EcrRegistry implements BackingRegistry {
    private final EcrClient ecr;
    private final EcrCalls calls;

    /** {@code calls} is the counter the client was built with (see {@link EcrClients}). */
    public EcrRegistry(EcrClient ecr, EcrCalls calls) {
        this.ecr = ecr;
        this.calls = calls;
    }

    @Override
    public long callsOnThisThread() {
        return calls.onThisThread();
    }

    @Override
    public ManifestContent manifest(RepositoryName name, ManifestReference reference, List<String> accepted) {
        Map<String, String> detail = Map.of("name", name.value(), "reference", reference.toString());
        ImageIdentifier id = switch (reference) {
            case ManifestReference.ByTag t -> ImageIdentifier.builder().imageTag(t.tag().value()).build();
            case ManifestReference.ByDigest d -> ImageIdentifier.builder().imageDigest(d.digest().value()).build();
        };
        BatchGetImageResponse response = call(detail, () -> ecr.batchGetImage(b -> b
                .repositoryName(name.value()).imageIds(id).acceptedMediaTypes(accepted)));
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
    public URI blobLocation(RepositoryName name, Digest digest) {
        Map<String, String> detail = Map.of("name", name.value(), "digest", digest.value());
        String url = call(detail, () -> ecr.getDownloadUrlForLayer(b -> b
                .repositoryName(name.value()).layerDigest(digest.value()))).downloadUrl();
        return URI.create(url);
    }

    @Override
    public long blobSize(RepositoryName name, Digest digest) {
        Map<String, String> detail = Map.of("name", name.value(), "digest", digest.value());
        BatchCheckLayerAvailabilityResponse response = call(detail, () -> ecr.batchCheckLayerAvailability(b -> b
                .repositoryName(name.value()).layerDigests(digest.value())));
        return response.layers().stream()
                .filter(l -> l.layerAvailability() == LayerAvailability.AVAILABLE && digest.value().equals(l.layerDigest()))
                .mapToLong(Layer::layerSize)
                .findFirst()
                .orElseThrow(() -> new RegistryException(OciError.BLOB_UNKNOWN, null, detail));
    }

    @Override
    public List<String> tags(RepositoryName name) {
        return call(Map.of("name", name.value()), () -> {
            List<String> tags = new ArrayList<>();
            ecr.listImagesPaginator(b -> b.repositoryName(name.value()).filter(f -> f.tagStatus(TagStatus.TAGGED)).maxResults(1000))
                    .imageIds().forEach(id -> {
                        if (id.imageTag() != null) tags.add(id.imageTag());
                    });
            return tags;
        });
    }

    @Override
    public List<String> repositories() {
        return call(Map.of(), () -> {
            List<String> names = new ArrayList<>();
            ecr.describeRepositoriesPaginator(b -> b.maxResults(1000)).repositories().forEach(r -> names.add(r.repositoryName()));
            return names;
        });
    }

    private static <T> T call(Map<String, String> detail, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw EcrErrors.translate(e, detail);
        }
    }
}
