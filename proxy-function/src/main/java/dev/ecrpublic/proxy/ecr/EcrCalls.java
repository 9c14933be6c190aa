package dev.ecrpublic.proxy.ecr;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the ECR API calls each thread makes (one per call, whatever its retries), so that every request's audit
 * log line can say how many it cost. A thread serves one request at a time, in Lambda and in the local gateway.
 */
public final class EcrCalls implements ExecutionInterceptor {
    private final ThreadLocal<long[]> count = ThreadLocal.withInitial(() -> new long[1]);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        count.get()[0]++;
    }

    /** Calls made by this thread so far; a request's share is the difference across it. */
    public long onThisThread() {
        return count.get()[0];
    }
}
