package dev.ecrpublic.local.secretsmanager;

import dev.ecrpublic.local.awsjson.AwsJsonError;
/**
 * A Secrets Manager error response. The service answers every modelled error with 400 and only its own failure,
 * InternalServiceError, with 500.
 */
public final class SecretsError extends AwsJsonError {
    enum Type {
        RESOURCE_NOT_FOUND("ResourceNotFoundException", 400),
        RESOURCE_EXISTS("ResourceExistsException", 400),
        INVALID_REQUEST("InvalidRequestException", 400),
        INVALID_PARAMETER("InvalidParameterException", 400),
        INVALID_NEXT_TOKEN("InvalidNextTokenException", 400),
        THROTTLING("ThrottlingException", 400),
        ACCESS_DENIED("AccessDeniedException", 400),
        INTERNAL("InternalServiceError", 500);

        final String wireName;
        final int status;

        Type(String wireName, int status) {
            this.wireName = wireName;
            this.status = status;
        }
    }

    SecretsError(Type type, String message) {
        super(type.wireName, type.status, message);
    }

    static SecretsError secretNotFound() {
        return new SecretsError(Type.RESOURCE_NOT_FOUND, "Secrets Manager can't find the specified secret.");
    }

    static SecretsError versionNotFound(String versionId) {
        return new SecretsError(Type.RESOURCE_NOT_FOUND,
                "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
    }

    static SecretsError stageNotFound(String stage) {
        return new SecretsError(Type.RESOURCE_NOT_FOUND,
                "Secrets Manager can't find the specified secret value for staging label: " + stage);
    }

    static SecretsError invalidParameter(String message) {
        return new SecretsError(Type.INVALID_PARAMETER, message);
    }
}
