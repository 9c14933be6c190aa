package dev.ecrpublic.local;

/** A failure the emulator can be told to answer an operation with, as ECR does under load or misconfiguration. */
public enum EcrFault {
    THROTTLING(EcrError.Type.THROTTLING, "Rate exceeded"),
    ACCESS_DENIED(EcrError.Type.ACCESS_DENIED,
            "User: arn:aws:sts::" + EcrEmulator.ACCOUNT_ID + ":assumed-role/proxy is not authorized to perform this action"),
    /** The answer comes, but only after longer than the proxy's client waits for it. */
    SLOW(null, null),
    /** A 200 whose JSON body is cut short. */
    MALFORMED_BODY(null, null),
    /** The connection dropped without an answer. */
    CONNECTION_RESET(null, null),
    SERVER_ERROR(EcrError.Type.SERVER, "Internal server error");

    final EcrError.Type type;
    final String message;

    EcrFault(EcrError.Type type, String message) {
        this.type = type;
        this.message = message;
    }
}
