package dev.ecrpublic.proxy.ecr;

/**
 * How long an ECR call may take, the same on both paths to ECR: at most {@link #MAX_ATTEMPTS} attempts of
 * {@link #CONNECT_TIMEOUT_MILLIS} to connect plus {@link #READ_TIMEOUT_MILLIS} between bytes, with backoff between
 * them, which ends well under the function's 25 s timeout and API Gateway's 29 s. Constants, so that reading them
 * loads nothing.
 */
final class EcrTimeBudget {
    static final int MAX_ATTEMPTS = 3;
    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int READ_TIMEOUT_MILLIS = 5_000;

    private EcrTimeBudget() {}
}
