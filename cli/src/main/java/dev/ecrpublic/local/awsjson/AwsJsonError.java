package dev.ecrpublic.local.awsjson;

/**
 * An error answer in the AWS JSON 1.1 protocol: {@code {"__type": type, "message": ...}} with an HTTP status. The SDK
 * maps {@code __type} to its exception classes, so a type must be the service's own name, letter for letter. These are
 * answers to clients, not failures of an emulator, hence no stack trace. The protocol-level errors below are the same
 * in every JSON service; each emulator adds its own (see {@code EcrError}, {@code SecretsError}).
 */
public class AwsJsonError extends RuntimeException {
    private final String wireType;
    private final int status;
    public AwsJsonError(String wireType, int status, String message) {
        super(message, null, false, false);
        this.wireType = wireType;
        this.status = status;
    }

    final String wireType() {
        return wireType;
    }

    final int status() {
        return status;
    }

    static AwsJsonError missingAuthenticationToken() {
        return new AwsJsonError("MissingAuthenticationTokenException", 400, "Missing Authentication Token");
    }

    static AwsJsonError unknownOperation() {
        return new AwsJsonError("UnknownOperationException", 400, "Unknown operation");
    }

    /** The document does not fit the service's model: not JSON, or a value of the wrong JSON type. */
    public static AwsJsonError serialization(String message) {
        return new AwsJsonError("SerializationException", 400, message);
    }

    /** Worded as ECR words constraint violations, so that logs read the same against either. */
    public static AwsJsonError invalidParameter(String field, String constraint) {
        return new AwsJsonError("InvalidParameterException", 400,
                "Invalid parameter at '" + field + "' failed to satisfy constraint: '" + constraint + "'");
    }
}
