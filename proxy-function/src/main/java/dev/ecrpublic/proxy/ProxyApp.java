package dev.ecrpublic.proxy;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.registry.OciProxyIntegration;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.proxy.ecr.EcrApi;
import dev.ecrpublic.proxy.ecr.EcrCalls;
import dev.ecrpublic.proxy.ecr.EcrJsonApi;
import dev.ecrpublic.proxy.ecr.EcrRegistry;
import dev.ecrpublic.proxy.registry.AuthMode;
import dev.ecrpublic.proxy.registry.Registry;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The proxy's composition root: what one Lambda container (or one local registry) builds once and reuses. As a CRaC
 * resource it primes the request path before a SnapStart snapshot, without touching the network.
 */
public final class ProxyApp implements Resource {
    /** A manifest request as API Gateway sends it, and one with an invalid name for the error path. */
    private static final String[] PRIMING_EVENTS = {
            """
            {"resource":"/{proxy+}","path":"/priming/manifests/latest","httpMethod":"GET",
             "multiValueHeaders":{"Accept":["application/vnd.oci.image.index.v1+json"]},
             "pathParameters":{"proxy":"priming/manifests/latest"},
             "requestContext":{"requestId":"priming","authorizer":{"principal":"","repositories":"",
             "catalog":"false","catalogRepositories":""}}}""",
            """
            {"resource":"/{proxy+}","path":"/Bad/manifests/latest","httpMethod":"HEAD",
             "pathParameters":{"proxy":"Bad/manifests/latest"},"requestContext":{"requestId":"priming"}}"""};

    private final EcrApi ecr;
    private final Registry registry;
    private final Registry primingRegistry;

    /** {@code calls} is the counter {@code ecr} was built with. */
    public ProxyApp(EcrApi ecr, EcrCalls calls, AuthMode authMode, Consumer<String> log) {
        this.ecr = ecr;
        EcrRegistry backing = new EcrRegistry(ecr, calls);
        this.registry = new Registry(backing, authMode, log);
        this.primingRegistry = new Registry(backing, authMode, line -> { });
    }

    /**
     * As Lambda runs it: region from {@code AWS_REGION}; credentials from the environment, or from the container
     * credentials endpoint that SnapStart functions get instead; {@code AUTH_MODE} says whether an authorizer stands
     * in front (default {@code token}: without its context, requests are refused). ECR is called without the SDK's
     * service client ({@link EcrJsonApi}): bench/README.md, "ECR call path". Registered for SnapStart.
     */
    public static ProxyApp fromEnvironment() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) throw new IllegalStateException("AWS_REGION is not set");
        AwsCredentialsProvider credentials = AwsCredentialsProviderChain.of(
                EnvironmentVariableCredentialsProvider.create(), ContainerCredentialsProvider.create());
        AuthMode authMode = AuthMode.parse(System.getenv("AUTH_MODE"));
        EcrCalls calls = new EcrCalls();
        ProxyApp app = new ProxyApp(EcrJsonApi.create(region, credentials, Optional.empty(), calls), calls,
                authMode, LogLine.STDOUT);
        Core.getGlobalContext().register(app);
        return app;
    }

    public GatewayResponse serve(GatewayRequest request) {
        return registry.serve(request);
    }

    /**
     * Loads and runs what the first request needs: the event codec, routing, the access check, OCI errors, and an
     * ECR call stopped just before it would be sent. Nothing is logged, nothing leaves the process.
     */
    void prime() {
        for (String event : PRIMING_EVENTS) {
            try {
                OciProxyIntegration.handle(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        OutputStream.nullOutputStream(), "priming", this::servePriming);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Answers a priming event through the real registry code, with the ECR call stopped before the wire. */
    private GatewayResponse servePriming(GatewayRequest request) {
        ecr.primeOffline();
        return primingRegistry.serve(request);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    /** Nothing to renew: the manifest cache holds only immutable content, and credentials are fetched per need. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }
}
