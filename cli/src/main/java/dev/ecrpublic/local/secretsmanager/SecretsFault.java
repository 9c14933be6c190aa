package dev.ecrpublic.local.secretsmanager;

import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsServiceEmulator;
import dev.ecrpublic.local.awsjson.InjectedFault;
import dev.ecrpublic.local.awsjson.WireFailure;

import java.util.Optional;

/** A failure the emulator can be told to answer an operation with, as Secrets Manager does under load or misconfiguration. */
public enum SecretsFault implements InjectedFault {
    THROTTLING(SecretsError.Type.THROTTLING, "Rate exceeded"),
    ACCESS_DENIED(SecretsError.Type.ACCESS_DENIED, "User: arn:aws:sts::" + AwsServiceEmulator.ACCOUNT_ID
            + ":assumed-role/authorizer is not authorized to perform this action"),
    SLOW(WireFailure.Kind.SLOW),
    MALFORMED_BODY(WireFailure.Kind.MALFORMED_BODY),
    CONNECTION_RESET(WireFailure.Kind.CONNECTION_RESET),
    SERVER_ERROR(SecretsError.Type.INTERNAL, "An error occurred on the server side.");

    private final SecretsError.Type type;
    private final String message;
    private final WireFailure.Kind wire;

    SecretsFault(SecretsError.Type type, String message) {
        this(type, message, null);
    }

    SecretsFault(WireFailure.Kind wire) {
        this(null, null, wire);
    }

    private SecretsFault(SecretsError.Type type, String message, WireFailure.Kind wire) {
        this.type = type;
        this.message = message;
        this.wire = wire;
    }

    @Override
    public Optional<WireFailure.Kind> wire() {
        return Optional.ofNullable(wire);
    }

    @Override
    public AwsJsonError error() {
        return new SecretsError(type, message);
    }
}
