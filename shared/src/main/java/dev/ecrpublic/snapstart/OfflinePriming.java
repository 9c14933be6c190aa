package dev.ecrpublic.snapstart;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Runs an SDK call up to the moment it would go on the wire, then stops it: marshalling, endpoint rules, signing and
 * the client's whole pipeline load and warm up before a SnapStart snapshot, with no network and no real credentials.
 * Clients carry this interceptor; only requests marked by {@link #request()} are stopped.
 */
public final class OfflinePriming implements ExecutionInterceptor {
    public static final OfflinePriming INTERCEPTOR = new OfflinePriming();
    static final String MARKER = "x-ecr-public-priming";

    private OfflinePriming() {}

    /** What a priming call is sent with: the marker, and throwaway credentials to sign with (nothing is sent). */
    public static AwsRequestOverrideConfiguration request() {
        return AwsRequestOverrideConfiguration.builder()
                .putHeader(MARKER, "1")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build();
    }

    /** Runs {@code call}, which must be marked by {@link #request()}; any other failure is the caller's to see. */
    public static void run(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // The SDK may rethrow the interceptor's exception as it is, or wrapped in an SdkClientException.
            for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof Stopped) return;
            throw e;
        }
        throw new IllegalStateException("a priming call reached the network");
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.httpRequest().firstMatchingHeader(MARKER).isPresent()) throw new Stopped();
    }

    /** Thrown where the request would be sent. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("priming request stopped before transmission", null, false, false);
        }
    }
}
