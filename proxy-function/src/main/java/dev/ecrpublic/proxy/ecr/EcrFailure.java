package dev.ecrpublic.proxy.ecr;

import java.util.Optional;

/**
 * An ECR call that failed, as either path to ECR reports it: ECR's error code ({@code __type} of the JSON protocol,
 * e.g. {@code RepositoryNotFoundException}) and HTTP status when ECR answered, neither when no usable answer came
 * (refused, reset, timed out, cut short). What it means for a client is {@link EcrErrors}' business alone. No stack
 * trace: it is an answer, caught one frame up, and its message may name the account.
 */
public final class EcrFailure extends RuntimeException {
    private final String errorCode;
    private final int status;

    private EcrFailure(String errorCode, int status, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.status = status;
    }

    /** ECR answered with an error; {@code errorCode} may be null when the answer named none. */
    public static EcrFailure answered(String errorCode, int status, String message) {
        return new EcrFailure(errorCode, status, message);
    }

    /** No usable answer: the connection failed or the body was not the JSON promised. */
    public static EcrFailure noAnswer(String message) {
        return new EcrFailure(null, 0, message);
    }

    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The HTTP status of ECR's answer; 0 when none came. */
    public int status() {
        return status;
    }

    public boolean answered() {
        return status != 0;
    }
}
