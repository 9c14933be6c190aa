package dev.ecrpublic.proxy;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.proxy.ecr.EcrClients;
import dev.ecrpublic.proxy.ecr.EcrRegistry;
import dev.ecrpublic.proxy.registry.AuthMode;
import dev.ecrpublic.proxy.registry.Registry;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.util.Optional;
import java.util.function.Consumer;

/** The proxy's composition root: what one Lambda container (or one local registry) builds once and reuses. */
public final class ProxyApp {
    private final Registry registry;

    public ProxyApp(EcrClient ecr, AuthMode authMode, Consumer<String> log) {
        this.registry = new Registry(new EcrRegistry(ecr), authMode, log);
    }

    /**
     * As Lambda runs it: region from {@code AWS_REGION}; credentials from the environment, or from the container
     * credentials endpoint that SnapStart functions get instead; {@code AUTH_MODE} says whether an authorizer stands
     * in front (default {@code token}: without its context, requests are refused).
     */
    public static ProxyApp fromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) throw new IllegalStateException("AWS_REGION is not set");
        AwsCredentialsProvider credentials = AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create());
        AuthMode authMode = AuthMode.parse(System.getenv("AUTH_MODE"));
        return new ProxyApp(EcrClients.build(Region.of(region), credentials, Optional.empty()), authMode, LogLine.STDOUT);
    }

    public GatewayResponse serve(GatewayRequest request) {
        return registry.serve(request);
    }
}
