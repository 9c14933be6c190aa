package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.snapstart.OfflinePriming;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The SDK's ECR clients, the reference path to ECR that {@link EcrSdkApi} wraps: one for its own region, built at
 * start, and one per other region that the registry mapping routes to, built on first use and then kept. Region and
 * credentials are given explicitly (the SDK's default chains probe files and metadata endpoints at start); the endpoint is left to the SDK, which reads
 * {@code AWS_ENDPOINT_URL_ECR} itself, unless a caller such as the local registry pins one.
 *
 * <p>Measured with bench/run on this project's workload: the Apache client's warm calls cost about a millisecond less
 * than the URL-connection client's, for some 50 ms more at cold start; a pull is a dozen calls, so Apache wins. The
 * SDK's own call and attempt timeouts cost another 0.4 ms per call (a timer task each), so the time budget comes
 * from the client's timeouts and a bounded retry count instead: {@link EcrTimeBudget}.
 */
public final class EcrClients implements AutoCloseable {
    private final PerRegion<EcrClient> clients;

    private EcrClients(PerRegion<EcrClient> clients) {
        this.clients = clients;
    }

    public static EcrClients create(Region home, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                    EcrCalls calls) {
        return new EcrClients(new PerRegion<>(home.id(), region -> build(Region.of(region), credentials, endpoint, calls)));
    }

    public EcrClient home() {
        return clients.home();
    }

    /** The client for {@code region}; empty means the container's own. */
    public EcrClient in(Optional<String> region) {
        return clients.in(region);
    }

    @Override
    public void close() {
        clients.forEach(EcrClient::close);
    }

    private static EcrClient build(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                  EcrCalls calls) {
        var builder = EcrClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(EcrTimeBudget.CONNECT_TIMEOUT_MILLIS))
                        .connectionAcquisitionTimeout(Duration.ofMillis(EcrTimeBudget.CONNECT_TIMEOUT_MILLIS))
                        .socketTimeout(Duration.ofMillis(EcrTimeBudget.READ_TIMEOUT_MILLIS)))
                .overrideConfiguration(c -> c
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(EcrTimeBudget.MAX_ATTEMPTS).build())
                        .addExecutionInterceptor(OfflinePriming.INTERCEPTOR)
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                                calls.counted();
                            }
                        }));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
