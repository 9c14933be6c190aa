package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs an operation over the image store. Every operation but DescribeRepositories names one repository, checked here
 * once for all of them: the registry id, then the name's constraints, then whether it exists.
 */
final class EcrOperations {
    private final ImageStore store;
    private final ImageOperations images;
    private final LayerOperations layers;
    private final RepositoryOperations repositories;

    EcrOperations(ImageStore store, ObjectMapper mapper, LayerLinks links, String region) {
        this.store = store;
        this.images = new ImageOperations(store, mapper);
        this.layers = new LayerOperations(store, mapper, links);
        this.repositories = new RepositoryOperations(store, mapper, region);
    }

    ObjectNode invoke(EcrOperation operation, AwsJsonRequest request) {
        return switch (operation) {
            case BATCH_GET_IMAGE -> images.batchGetImage(repository(request), request);
            case LIST_IMAGES -> images.listImages(repository(request), request);
            case DESCRIBE_IMAGES -> images.describeImages(repository(request), request);
            case GET_DOWNLOAD_URL_FOR_LAYER -> layers.getDownloadUrlForLayer(repository(request), request);
            case BATCH_CHECK_LAYER_AVAILABILITY -> layers.batchCheckLayerAvailability(repository(request), request);
            case DESCRIBE_REPOSITORIES -> {
                checkRegistry(request);
                yield repositories.describeRepositories(request);
            }
        };
    }

    private String repository(AwsJsonRequest request) {
        checkRegistry(request);
        String name = request.requiredString("repositoryName");
        checkRepositoryName("repositoryName", name);
        if (!store.hasRepository(name)) throw EcrError.repositoryNotFound(name);
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

    /**
     * There is one registry. Another account's id would be a cross-account request that ECR answers according to
     * that account's policies; having no other accounts, the emulator finds no repository there.
     */
    private static void checkRegistry(AwsJsonRequest request) {
        request.string("registryId").ifPresent(id -> {
            if (!EcrConstraints.REGISTRY_ID_PATTERN.matcher(id).matches())
                throw AwsJsonError.invalidParameter("registryId",
                        "must satisfy regular expression '" + EcrConstraints.REGISTRY_ID + "'");
            if (!id.equals(EcrEmulator.ACCOUNT_ID))
                throw new EcrError(EcrError.Type.REPOSITORY_NOT_FOUND, request.string("repositoryName")
                        .map(name -> "The repository with name '" + name + "' does not exist")
                        .orElse("No repository exists") + " in the registry with id '" + id + "'");
        });
    }
}
