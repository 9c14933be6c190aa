package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.authorizer.FunctionEnvironment;
import dev.ecrpublic.authorizer.TokenApp;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.authorizer.tags.EcrRepositoryTags;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import dev.ecrpublic.registry.RegistryException;
import dev.ecrpublic.snapstart.OfflinePriming;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gallery function's composition root: {@code GET /v2/_gallery} (the public repositories), {@code
 * /v2/_gallery/NAME} (one repository's tags) and {@code /v2/_gallery/_static/...} (its stylesheet and script). As a
 * CRaC resource it primes its SDK clients before a SnapStart snapshot and forgets what it read after a restore.
 */
public final class GalleryApp implements Resource, AutoCloseable {
    /** How long what the gallery read from ECR is shown before it is read again; also the pages' max-age. */
    public static final Duration READ_TTL = Duration.ofSeconds(60);
    private static final String STATIC = "/_gallery/_static/";
    private static final String PREFIX = "/_gallery/";

    private final AccessSource access;
    private final GalleryReads ecr;
    private final RememberedReads reads;
    private final BoundedTagReads tags;
    private final Runnable sdkPriming;
    private final Gallery gallery;

    /**
     * {@code everything} is the template's {@code AuthMode=none}: no authorizer, so every repository of the own
     * registry is public and no policy is read; otherwise the policy {@code access} holds decides (anonymous mode when
     * it holds none).
     */
    public GalleryApp(boolean everything, AccessSource access, Function<Region, EcrClient> clients, Region ownRegion,
                      RepositoryTagSource tagSource, Clock clock, Consumer<String> log) {
        this(everything, access, new EcrGalleryReads(clients, ownRegion, log), tagSource, clock, log, () -> { });
    }

    GalleryApp(boolean everything, AccessSource access, GalleryReads ecr, RepositoryTagSource tagSource, Clock clock,
               Consumer<String> log, Runnable sdkPriming) {
        this.access = access;
        this.ecr = ecr;
        this.reads = new RememberedReads(ecr, clock, READ_TTL);
        this.tags = new BoundedTagReads(tagSource, clock);
        this.sdkPriming = sdkPriming;
        Supplier<AccessPolicy> policy = everything ? () -> AccessPolicy.FALLBACK
                : () -> access.current().effectivePolicy();
        this.gallery = new Gallery(new PublicRepositories(policy, reads, tags, log), reads);
    }

    /**
     * As Lambda runs it: {@code AUTH_MODE}, {@code ACCESS_SECRET_ID} (unset: anonymous mode) and {@code
     * ECR_REGISTRY_ID} (whose repositories' tags grant with {@code tagAccess}); registered for SnapStart.
     */
    public static GalleryApp fromEnvironment(Map<String, String> env, Clock clock, Consumer<String> log) {
        Region region = Region.of(required(env, "AWS_REGION"));
        boolean everything = "none".equalsIgnoreCase(env.getOrDefault("AUTH_MODE", "token").trim());
        SecretsManagerClient secrets = FunctionEnvironment.secretsManager(region, FunctionEnvironment.credentials(),
                Optional.empty());
        AccessSource access = everything ? AccessSource.unconfigured()
                : TokenApp.access(secrets, Optional.ofNullable(env.get("ACCESS_SECRET_ID")).filter(s -> !s.isBlank()),
                clock, SecretsManagerAccess.DEFAULT_TTL, log);
        Function<Region, EcrClient> clients = r -> FunctionEnvironment.ecr(r, FunctionEnvironment.credentials(),
                Optional.empty());
        EcrRepositoryTags tagSource = new EcrRepositoryTags(clients, region,
                Optional.ofNullable(env.get("ECR_REGISTRY_ID")).filter(s -> !s.isBlank()), clock, log);
        EcrGalleryReads ecr = new EcrGalleryReads(clients, region, log);
        GalleryApp app = new GalleryApp(everything, access, ecr, tagSource, clock, log, () -> {
            FunctionEnvironment.primeSecretsManager(secrets);
            tagSource.prime();
            OfflinePriming.run(() -> clients.apply(region).describeImages(b -> b.repositoryName("priming")
                    .overrideConfiguration(OfflinePriming.request())));
        });
        Core.getGlobalContext().register(app);
        return app;
    }

    public GatewayResponse serve(GatewayRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD"))
            return OciErrorResponse.of(OciError.METHOD_UNSUPPORTED, OciError.METHOD_UNSUPPORTED.message, Map.of());
        String path = request.path();
        GatewayResponse response;
        if (path.startsWith(STATIC)) {
            response = StaticFiles.serve(path.substring(STATIC.length()), request);
        } else if (path.equals("/_gallery") || path.equals(PREFIX)) {
            RepositoryList list = gallery.list(request.queryParameter("q").orElse(""), page(request));
            response = GalleryPages.page(request, GalleryHtml.list(list, GalleryPages.host(request)),
                    GalleryJson.list(list, GalleryPages.host(request)));
        } else if (path.startsWith(PREFIX)) {
            String name = path.substring(PREFIX.length());
            if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
            RepositoryView view = gallery.repository(validName(name), page(request));
            response = GalleryPages.page(request, GalleryHtml.repository(view, GalleryPages.host(request)),
                    GalleryJson.repository(view, GalleryPages.host(request)));
        } else {
            response = OciErrorResponse.of(OciError.ENDPOINT_UNKNOWN, OciError.ENDPOINT_UNKNOWN.message, Map.of());
        }
        return request.method().equals("HEAD") ? response.withoutBody() : response;
    }

    /** A name outside the grammar is answered as a private one is: nothing to see here. */
    private static String validName(String name) {
        try {
            return new RepositoryName(name).value();
        } catch (RegistryException e) {
            throw new RegistryException(OciError.NAME_UNKNOWN);
        }
    }

    private static int page(GatewayRequest request) {
        String value = request.queryParameter("page").orElse("1");
        try {
            if (value.length() > 6) throw new NumberFormatException();
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new RegistryException(OciError.PAGINATION_NUMBER_INVALID, "page must be a positive number");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) throw new IllegalStateException(name + " is not set");
        return value.trim();
    }

    /** Closes the ECR clients built so far. */
    @Override
    public void close() throws Exception {
        if (ecr instanceof AutoCloseable closeable) closeable.close();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        sdkPriming.run();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        access.invalidate();
        reads.forget();
        tags.forget();
    }
}
