package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.snapstart.OfflinePriming;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the one ECR client a container uses. Region and credentials are given explicitly (the SDK's default chains
 * probe files and metadata endpoints at start); the endpoint is left to the SDK, which reads
 * {@code AWS_ENDPOINT_URL_ECR} itself, unless a caller such as the local registry pins one.
 */
public final class EcrClients {
    /** Well under API Gateway's 29 s integration limit, retries included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(6);

    private EcrClients() {}

    public static EcrClient build(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        var builder = EcrClient.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .addExecutionInterceptor(OfflinePriming.INTERCEPTOR));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
