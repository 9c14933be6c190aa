package dev.ecrpublic.local;

/** A failure the emulator can be told to answer an operation with, as Secrets Manager does under load or misconfiguration. */
public enum SecretsFault {
    THROTTLING(SecretsError.Type.THROTTLING, "Rate exceeded"),
    ACCESS_DENIED(SecretsError.Type.ACCESS_DENIED, "User: arn:aws:sts::" + EcrEmulator.ACCOUNT_ID
            + ":assumed-role/authorizer is not authorized to perform this action"),
    /** The answer comes, but only after longer than the functions' client waits for it. */
    SLOW(null, null),
    /** A 200 whose JSON body is cut short. */
    MALFORMED_BODY(null, null),
    /** The connection dropped without an answer. */
    CONNECTION_RESET(null, null),
    SERVER_ERROR(SecretsError.Type.INTERNAL, "An error occurred on the server side.");

    final SecretsError.Type type;
    final String message;

    SecretsFault(SecretsError.Type type, String message) {
        this.type = type;
        this.message = message;
    }
}
