package dev.ecrpublic.local;

/**
 * An ECR error response. The SDK maps {@code __type} to its exception classes, so the names must be ECR's own, letter
 * for letter. These are answers to clients, not failures of the emulator, hence no stack trace.
 */
final class EcrError extends RuntimeException {
    enum Type {
        MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400),
        UNKNOWN_OPERATION("UnknownOperationException", 400),
        SERIALIZATION("SerializationException", 400),
        INVALID_PARAMETER("InvalidParameterException", 400),
        REPOSITORY_NOT_FOUND("RepositoryNotFoundException", 400),
        IMAGE_NOT_FOUND("ImageNotFoundException", 400),
        LAYERS_NOT_FOUND("LayersNotFoundException", 400),
        THROTTLING("ThrottlingException", 400),
        ACCESS_DENIED("AccessDeniedException", 400),
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
        super(message, null, false, false);
        this.type = type;
    }

    Type type() {
        return type;
    }

    /** Worded as ECR words constraint violations, so that logs read the same against either. */
    static EcrError invalidParameter(String field, String constraint) {
        return new EcrError(Type.INVALID_PARAMETER,
                "Invalid parameter at '" + field + "' failed to satisfy constraint: '" + constraint + "'");
    }

    static EcrError repositoryNotFound(String repository) {
        return new EcrError(Type.REPOSITORY_NOT_FOUND, "The repository with name '" + repository
                + "' does not exist in the registry with id '" + EcrEmulator.ACCOUNT_ID + "'");
    }
}
