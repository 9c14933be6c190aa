package dev.ecrpublic.authorizer;

import dev.ecrpublic.authorizer.tags.EcrRepositoryTags;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.ecr.EcrClient;
import java.time.Clock;
import java.util.function.Consumer;

import dev.ecrpublic.snapstart.OfflinePriming;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the token, authorizer and rotation functions read from their Lambda environment. Endpoint overrides are left
 * to the SDK ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}), as is every other SDK setting.
 */
public record FunctionEnvironment(String region, String signingKeysSecretId, Optional<String> accessSecretId,
                                  String issuer, ServiceName service, Optional<String> registryId) {
    public static final String DEFAULT_ISSUER = "ecr-public";

    public static FunctionEnvironment of(Map<String, String> env) {
        String region = required(env, "AWS_REGION");
        String keys = required(env, "SIGNING_KEYS_SECRET_ID");
        return new FunctionEnvironment(region, keys, optional(env, "ACCESS_SECRET_ID"),
                optional(env, "TOKEN_ISSUER").orElse(DEFAULT_ISSUER),
                new ServiceName(optional(env, "REGISTRY_SERVICE")), optional(env, "ECR_REGISTRY_ID"));
    }

    /**
     * Repository tags for tag-based access, read with clients built only when a policy first turns it on. The SDK
     * reads {@code AWS_ENDPOINT_URL_ECR} itself. {@code ECR_REGISTRY_ID} is the function's own account, whose
     * repositories' ARNs the tags are read by.
     */
    public RepositoryTagSource repositoryTags(Clock clock, Consumer<String> log) {
        return new EcrRepositoryTags(r -> ecr(r, credentials(), Optional.empty()), Region.of(region), registryId,
                clock, log);
    }

    /** The token function's ECR client: like its Secrets Manager client, for calls made rarely thanks to caching. */
    public static EcrClient ecr(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        return configured(EcrClient.builder(), region, credentials, endpoint);
    }

    /** The functions' credentials: Lambda's environment, or the container endpoint SnapStart functions use. */
    public static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create());
    }

    /**
     * Credentials from the environment, or from the container endpoint SnapStart functions use; an explicit chain
     * skips the profile and instance-metadata lookups a Lambda never needs.
     */
    public SecretsManagerClient secretsManager() {
        return secretsManager(region);
    }

    /** For the rotation function, which needs nothing but the client (the secret comes with each event). */
    public static SecretsManagerClient secretsManagerFor(Map<String, String> env) {
        return secretsManager(required(env, "AWS_REGION"));
    }

    private static SecretsManagerClient secretsManager(String region) {
        return secretsManager(Region.of(region), credentials(), Optional.empty());
    }

    /**
     * The Secrets Manager client the functions use: explicit region and credentials, the URL-connection client (its
     * calls are rare once keys and documents are cached, so its quicker start wins), and a 10 s budget per call.
     * {@code endpoint} pins an endpoint (the local emulator); otherwise the SDK's own settings decide.
     */
    public static SecretsManagerClient secretsManager(Region region, AwsCredentialsProvider credentials,
                                                      Optional<URI> endpoint) {
        return configured(SecretsManagerClient.builder(), region, credentials, endpoint);
    }

    /** The functions' client settings, whatever the service. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configured(
            B builder, Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10))
                        .addExecutionInterceptor(OfflinePriming.INTERCEPTOR));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** A GetSecretValue that loads and runs the client's whole pipeline, stopped before it would be sent. */
    public static void primeSecretsManager(SecretsManagerClient secrets) {
        OfflinePriming.run(() -> secrets.getSecretValue(b -> b.secretId("priming")
                .overrideConfiguration(OfflinePriming.request())));
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException(name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
