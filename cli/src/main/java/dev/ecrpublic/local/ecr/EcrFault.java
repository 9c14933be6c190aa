package dev.ecrpublic.local.ecr;

import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.InjectedFault;
import dev.ecrpublic.local.awsjson.WireFailure;
import java.util.Optional;

/** A failure the emulator can be told to answer an operation with, as ECR does under load or misconfiguration. */
public enum EcrFault implements InjectedFault {
    THROTTLING(EcrError.Type.THROTTLING, "Rate exceeded"),
    ACCESS_DENIED(EcrError.Type.ACCESS_DENIED,
            "User: arn:aws:sts::" + EcrEmulator.ACCOUNT_ID + ":assumed-role/proxy is not authorized to perform this action"),
    SLOW(WireFailure.Kind.SLOW),
    MALFORMED_BODY(WireFailure.Kind.MALFORMED_BODY),
    CONNECTION_RESET(WireFailure.Kind.CONNECTION_RESET),
    SERVER_ERROR(EcrError.Type.SERVER, "Internal server error");

    private final EcrError.Type type;
    private final String message;
    private final WireFailure.Kind wire;

    EcrFault(EcrError.Type type, String message) {
        this(type, message, null);
    }

    EcrFault(WireFailure.Kind wire) {
        this(null, null, wire);
    }

    private EcrFault(EcrError.Type type, String message, WireFailure.Kind wire) {
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
        return new EcrError(type, message);
    }
}
