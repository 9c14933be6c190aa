package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.snapstart.OfflinePriming;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The ECR clients a container uses: one for its own region, built at start, and one per other region that the
 * registry mapping routes to, built on first use and then kept. Region and credentials are given explicitly (the SDK's default chains
 * probe files and metadata endpoints at start); the endpoint is left to the SDK, which reads
 * {@code AWS_ENDPOINT_URL_ECR} itself, unless a caller such as the local registry pins one.
 *
 * <p>Measured with bench/run on this project's workload: the Apache client's warm calls cost about a millisecond less
 * than the URL-connection client's, for some 50 ms more at cold start; a pull is a dozen calls, so Apache wins. The
 * SDK's own call and attempt timeouts cost another 0.4 ms per call (a timer task each), so the time budget comes
 * from the client's timeouts and a bounded retry count instead: at most 3 attempts of 2 s to connect plus 5 s between
 * bytes, under the function's 25 s timeout and API Gateway's 29 s.
 */
public final class EcrClients implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;

    private final Region home;
    private final EcrClient homeClient;
    private final Function<Region, EcrClient> build;
    private final ConcurrentHashMap<Region, EcrClient> others = new ConcurrentHashMap<>();

    private EcrClients(Region home, Function<Region, EcrClient> build) {
        this.home = home;
        this.homeClient = build.apply(home);
        this.build = build;
    }

    public static EcrClients create(Region home, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                    EcrCalls calls) {
        return new EcrClients(home, region -> build(region, credentials, endpoint, calls));
    }

    public EcrClient home() {
        return homeClient;
    }

    /** The client for {@code region}; empty means the container's own. */
    public EcrClient in(Optional<String> region) {
        if (region.isEmpty() || region.get().equals(home.id())) return homeClient;
        return others.computeIfAbsent(Region.of(region.get()), build);
    }

    @Override
    public void close() {
        homeClient.close();
        others.values().forEach(EcrClient::close);
    }

    public static EcrClient build(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint,
                                  EcrCalls calls) {
        var builder = EcrClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .connectionAcquisitionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> c
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                        .addExecutionInterceptor(OfflinePriming.INTERCEPTOR)
                        .addExecutionInterceptor(calls));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
