package dev.ecrpublic.proxy.ecr;

/**
 * Counts the ECR API calls each thread makes (one per call, whatever its retries), so that every request's audit
 * log line can say how many it cost. A thread serves one request at a time, in Lambda and in the local gateway.
 */
public final class EcrCalls {
    private final ThreadLocal<long[]> count = ThreadLocal.withInitial(() -> new long[1]);

    /** One more call on this thread. */
    void counted() {
        count.get()[0]++;
    }

    /** Calls made by this thread so far; a request's share is the difference across it. */
    public long onThisThread() {
        return count.get()[0];
    }
}
