package dev.ecrpublic.local.ecr;

import dev.ecrpublic.local.awsjson.AwsJsonError;
/** An ECR error response: ECR's own exception names for what it found (or did not find) in the registry. */
public final class EcrError extends AwsJsonError {
    enum Type {
        REPOSITORY_NOT_FOUND("RepositoryNotFoundException", 400),
        IMAGE_NOT_FOUND("ImageNotFoundException", 400),
        LAYERS_NOT_FOUND("LayersNotFoundException", 400),
        THROTTLING("ThrottlingException", 400),
        ACCESS_DENIED("AccessDeniedException", 400),
        INVALID_TAG_PARAMETER("InvalidTagParameterException", 400),
        TOO_MANY_TAGS("TooManyTagsException", 400),
        SERVER("ServerException", 500);

        final String wireName;
        final int status;

        Type(String wireName, int status) {
            this.wireName = wireName;
            this.status = status;
        }
    }

    private final Type type;

    EcrError(Type type, String message) {
        super(type.wireName, type.status, message);
        this.type = type;
    }

    Type type() {
        return type;
    }

    static EcrError repositoryNotFound(String repository, String registryId) {
        return new EcrError(Type.REPOSITORY_NOT_FOUND, "The repository with name '" + repository
                + "' does not exist in the registry with id '" + registryId + "'");
    }
}
