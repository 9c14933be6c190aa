package dev.ecrpublic.proxy.ecr;

import software.amazon.awssdk.awscore.endpoint.AwsClientEndpointProvider;
import software.amazon.awssdk.awscore.endpoint.DualstackEnabledProvider;
import software.amazon.awssdk.awscore.endpoint.FipsEnabledProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.endpoints.EcrEndpointParams;
import software.amazon.awssdk.services.ecr.endpoints.EcrEndpointProvider;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a region's ECR calls go, decided by the SDK's own code in the order its ECR client follows: an endpoint the
 * caller pins, else a configured one ({@code AWS_ENDPOINT_URL_ECR}, {@code aws.endpointUrlEcr}, the profile's
 * {@code ecr} section, then the global {@code AWS_ENDPOINT_URL}; {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} turns
 * them off), passed through ECR's endpoint rules with the FIPS and dual-stack settings, as the client does.
 */
final class EcrEndpoint {
    private EcrEndpoint() {}

    static URI resolve(String region, Optional<URI> pinned) {
        Supplier<ProfileFile> profileFile = ProfileFile::defaultProfileFile;
        String profile = ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
        Optional<URI> configured = pinned.isPresent() ? pinned : AwsClientEndpointProvider.builder()
                .serviceEndpointOverrideEnvironmentVariable("AWS_ENDPOINT_URL_ECR")
                .serviceEndpointOverrideSystemProperty("aws.endpointUrlEcr")
                .serviceProfileProperty("ecr")
                .profileFile(profileFile)
                .profileName(profile)
                .resolveFromOverrides();
        EcrEndpointParams params = EcrEndpointParams.builder()
                .region(Region.of(region))
                .useFips(FipsEnabledProvider.builder().profileFile(profileFile).profileName(profile).build()
                        .isFipsEnabled().orElse(false))
                .useDualStack(DualstackEnabledProvider.builder().profileFile(profileFile).profileName(profile).build()
                        .isDualstackEnabled().orElse(false))
                .endpoint(configured.map(URI::toString).orElse(null))
                .build();
        return EcrEndpointProvider.defaultProvider().resolveEndpoint(params).join().url();
    }
}
