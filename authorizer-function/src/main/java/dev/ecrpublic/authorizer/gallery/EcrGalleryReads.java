package dev.ecrpublic.authorizer.gallery;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.TagStatus;

import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gallery's ECR calls: DescribeRepositories, DescribeImages and BatchGetImage, in the region a location names (its
 * client built on first use). Each listing stops after a fixed number of pages, so one page view makes a bounded
 * number of calls whatever a registry holds.
 */
final class EcrGalleryReads implements GalleryReads, AutoCloseable {
    /** Pages of 1000 repositories read per registry. */
    static final int MAX_REPOSITORY_PAGES = 5;
    /** Pages of 1000 images read per repository. */
    static final int MAX_IMAGE_PAGES = 5;
    /** BatchGetImage takes at most 100 image ids. */
    static final int MAX_BATCH = 100;
    private static final List<String> INDEX_TYPES = List.of("application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final Function<Region, EcrClient> clients;
    private final Region ownRegion;
    private final Consumer<String> log;
    private final ConcurrentHashMap<Region, EcrClient> built = new ConcurrentHashMap<>();

    EcrGalleryReads(Function<Region, EcrClient> clients, Region ownRegion, Consumer<String> log) {
        this.clients = clients;
        this.ownRegion = ownRegion;
        this.log = log;
    }

    @Override
    public List<String> repositories(RepositoryLocation registry) {
        return call("DescribeRepositories", () -> {
            List<String> names = new ArrayList<>();
            int pages = 0;
            for (DescribeRepositoriesResponse page : ecr(registry).describeRepositoriesPaginator(b -> b
                    .registryId(registry.registryId().orElse(null)).maxResults(1000))) {
                page.repositories().forEach(r -> names.add(r.repositoryName()));
                if (++pages == MAX_REPOSITORY_PAGES) break;
            }
            return names;
        });
    }

    @Override
    public List<TaggedImage> images(RepositoryLocation repository) {
        return call("DescribeImages", () -> {
            List<TaggedImage> images = new ArrayList<>();
            int pages = 0;
            for (DescribeImagesResponse page : ecr(repository).describeImagesPaginator(b -> b
                    .registryId(repository.registryId().orElse(null)).repositoryName(repository.repositoryName())
                    .filter(f -> f.tagStatus(TagStatus.TAGGED)).maxResults(1000))) {
                for (ImageDetail d : page.imageDetails())
                    images.add(new TaggedImage(d.imageTags(), d.imageDigest(),
                            d.imageManifestMediaType() == null ? "" : d.imageManifestMediaType(),
                            d.imageSizeInBytes() == null ? 0 : d.imageSizeInBytes(),
                            d.imagePushedAt() == null ? Instant.EPOCH : d.imagePushedAt()));
                if (++pages == MAX_IMAGE_PAGES) break;
            }
            return images;
        });
    }

    @Override
    public Map<String, List<String>> platforms(RepositoryLocation repository, List<String> indexDigests) {
        Map<String, List<String>> platforms = new LinkedHashMap<>();
        if (indexDigests.isEmpty()) return platforms;
        List<ImageIdentifier> ids = indexDigests.stream().distinct().limit(MAX_BATCH)
                .map(d -> ImageIdentifier.builder().imageDigest(d).build()).toList();
        List<Image> images = call("BatchGetImage", () -> ecr(repository).batchGetImage(b -> b
                .registryId(repository.registryId().orElse(null)).repositoryName(repository.repositoryName())
                .imageIds(ids).acceptedMediaTypes(INDEX_TYPES)).images());
        for (Image image : images) platforms.put(image.imageId().imageDigest(), platformsOf(image.imageManifest()));
        return platforms;
    }

    /** The index's platforms, leaving out the {@code unknown/unknown} entries attestations use. */
    static List<String> platformsOf(String index) {
        List<String> out = new ArrayList<>();
        try {
            List<Object> manifests = JSONObjectUtils.getJSONArray(JSONObjectUtils.parse(index), "manifests");
            if (manifests == null) return out;
            for (Object m : manifests) {
                if (!(m instanceof Map<?, ?> entry) || !(entry.get("platform") instanceof Map<?, ?> p)) continue;
                String name = p.get("os") + "/" + p.get("architecture")
                        + (p.get("variant") instanceof String v ? "/" + v : "");
                if (!name.equals("unknown/unknown") && !out.contains(name)) out.add(name);
            }
        } catch (ParseException | RuntimeException e) {
            // A manifest ECR accepted but we cannot read shows no platforms; the rest of the page still renders.
        }
        return out;
    }

    private EcrClient ecr(RepositoryLocation location) {
        return built.computeIfAbsent(location.region().map(Region::of).orElse(ownRegion), clients);
    }

    private <T> T call(String operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RepositoryNotFoundException e) {
            throw new RegistryException(OciError.NAME_UNKNOWN);
        } catch (SdkException e) {
            String code = e instanceof AwsServiceException s && s.awsErrorDetails() != null
                    ? s.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            LogLine.warn("gallery could not read ECR").with("operation", operation).with("error", code).writeTo(log);
            if (e instanceof AwsServiceException s && s.isThrottlingException())
                throw new RegistryException(OciError.TOOMANYREQUESTS);
            if (e instanceof AwsServiceException s && s.statusCode() == 403) throw new RegistryException(OciError.DENIED);
            throw new RegistryException(OciError.UNAVAILABLE, "the backing registry is unavailable, try again later");
        }
    }

    @Override
    public void close() {
        built.values().forEach(EcrClient::close);
    }
}
