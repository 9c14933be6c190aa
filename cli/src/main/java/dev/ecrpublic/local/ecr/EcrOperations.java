package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;

/**
 * Runs an operation over one registry's image store (one account in one region; {@link EcrEmulator} picks which).
 * Every operation but DescribeRepositories names one repository, checked here once for all of them: the name's
 * constraints, then whether it exists. The tag operations name theirs by ARN, which the emulator has already parsed.
 */
final class EcrOperations {
    private final ImageStore store;
    private final String registryId;
    private final ImageOperations images;
    private final ReferrerOperations referrers;
    private final LayerOperations layers;
    private final RepositoryOperations repositories;
    private final TagOperations tags;

    EcrOperations(ImageStore store, ObjectMapper mapper, LayerLinks links, String registryId, String region) {
        this.store = store;
        this.registryId = registryId;
        this.images = new ImageOperations(store, mapper, registryId);
        this.referrers = new ReferrerOperations(store, mapper);
        this.layers = new LayerOperations(store, mapper, links, registryId);
        this.repositories = new RepositoryOperations(store, mapper, registryId, region);
        this.tags = new TagOperations(store, mapper);
    }

    ObjectNode invoke(EcrOperation operation, AwsJsonRequest request) {
        return switch (operation) {
            case BATCH_GET_IMAGE -> images.batchGetImage(repository(request), request);
            case LIST_IMAGES -> images.listImages(repository(request), request);
            case DESCRIBE_IMAGES -> images.describeImages(repository(request), request);
            case LIST_IMAGE_REFERRERS -> referrers.listImageReferrers(repository(request), request);
            case GET_DOWNLOAD_URL_FOR_LAYER -> layers.getDownloadUrlForLayer(repository(request), request);
            case BATCH_CHECK_LAYER_AVAILABILITY -> layers.batchCheckLayerAvailability(repository(request), request);
            case DESCRIBE_REPOSITORIES -> repositories.describeRepositories(request);
            case LIST_TAGS_FOR_RESOURCE, TAG_RESOURCE, UNTAG_RESOURCE ->
                    throw new IllegalArgumentException(operation + " names its repository by ARN");
        };
    }

    /** A tag operation on the repository its resourceArn named. */
    ObjectNode invokeOnResource(EcrOperation operation, String repository, AwsJsonRequest request) {
        if (!store.hasRepository(repository)) throw EcrError.repositoryNotFound(repository, registryId);
        return switch (operation) {
            case LIST_TAGS_FOR_RESOURCE -> tags.listTagsForResource(repository);
            case TAG_RESOURCE -> tags.tagResource(repository, request);
            case UNTAG_RESOURCE -> tags.untagResource(repository, request);
            default -> throw new IllegalArgumentException(operation + " names no resource");
        };
    }

    private String repository(AwsJsonRequest request) {
        String name = request.requiredString("repositoryName");
        checkRepositoryName("repositoryName", name);
        if (!store.hasRepository(name)) throw EcrError.repositoryNotFound(name, registryId);
        return name;
    }

    static void checkRepositoryName(String field, String name) {
        if (name.length() < EcrConstraints.REPOSITORY_NAME_MIN)
            throw AwsJsonError.invalidParameter(field,
                    "Member must have length greater than or equal to " + EcrConstraints.REPOSITORY_NAME_MIN);
        if (name.length() > EcrConstraints.REPOSITORY_NAME_MAX)
            throw AwsJsonError.invalidParameter(field,
                    "Member must have length less than or equal to " + EcrConstraints.REPOSITORY_NAME_MAX);
        if (!EcrConstraints.REPOSITORY_NAME_PATTERN.matcher(name).matches())
            throw AwsJsonError.invalidParameter(field,
                    "must satisfy regular expression '" + EcrConstraints.REPOSITORY_NAME + "'");
    }
}
