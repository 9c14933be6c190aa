package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonProtocol;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import dev.ecrpublic.local.awsjson.AwsServiceEmulator;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;



/**
 * Private ECR on loopback, speaking the service's AWS JSON 1.1 protocol so that the unmodified AWS SDK talks to it
 * through {@code endpointOverride} (see {@link AwsJsonProtocol}). It serves what a pull needs from {@link ImageStore}s,
 * plus the layer download URLs that stand in for S3, and repository tags.
 *
 * <p>Each store is one registry: an AWS account in a region. The default store, given to {@link #start}, is the
 * emulator's own account {@link #ACCOUNT_ID} in the region it was started with; {@link #store(String, String)}
 * attaches more. A request names its account with {@code registryId} (absent: the own account) and its region with
 * the SigV4 credential scope it is signed with. An account and region with no store has no repositories: every call
 * there is a RepositoryNotFoundException, as ECR answers for a registry that holds nothing the caller may see. One
 * exception keeps older clients working: a request for the own account, signed for a region where that account has no
 * store of its own, is served by the default store (clients could always sign for any region). The tag operations name
 * their repository by ARN, whose account and region pick the store instead.
 */
public final class EcrEmulator extends AwsServiceEmulator<EcrOperation, EcrFault> {
    public static final String ACCOUNT_ID = AwsServiceEmulator.ACCOUNT_ID;
    /** The region of the default registry: any works, the SDK only needs one to sign with. */
    public static final String DEFAULT_REGION = "us-east-1";

    private record Registry(String registryId, String region) {}

    private final ImageStore defaultStore;
    private final String region;
    private final LayerLinks links;
    private final Map<Registry, EcrOperations> registries = new ConcurrentHashMap<>();
    private final Map<Registry, ImageStore> stores = new ConcurrentHashMap<>();

    private EcrEmulator(ImageStore store, String region) throws IOException {
        super(EcrOperation.class, o -> o.wireName, EcrOperation::named, EcrOperation.TARGET_PREFIX,
                EcrError.Type.SERVER.wireName);
        this.defaultStore = store;
        this.region = region;
        this.links = new LayerLinks(endpoint(), Clock.systemUTC());
        attach(new Registry(ACCOUNT_ID, region), store);
        server().createContext(LayerLinks.PATH, new LayerDownloads(links));
    }

    /**
     * region is the default store's: the region in its ARNs and URIs, and the one it answers for (along with any
     * region the own account has no other store in).
     */
    public static EcrEmulator start(ImageStore store, String region) throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(region, "region");
        EcrEmulator emulator = new EcrEmulator(store, region);
        emulator.start();
        return emulator;
    }

    /** The store given to {@link #start}: account {@link #ACCOUNT_ID} in {@link #region()}. */
    public ImageStore store() {
        return defaultStore;
    }

    /** The default store's region. */
    public String region() {
        return region;
    }

    /**
     * The store of account registryId (12 digits) in region, created empty on first use; for the own account in the
     * default region, the default store. Requests reach it with that registryId and a client signing for that region.
     */
    public ImageStore store(String registryId, String region) {
        Objects.requireNonNull(registryId, "registryId");
        Objects.requireNonNull(region, "region");
        if (!EcrConstraints.REGISTRY_ID_PATTERN.matcher(registryId).matches())
            throw new IllegalArgumentException("a registry id is 12 digits: " + registryId);
        if (!REGION.matcher(region).matches()) throw new IllegalArgumentException("not a region: " + region);
        return stores.computeIfAbsent(new Registry(registryId, region), key -> {
            ImageStore store = new ImageStore();
            registries.put(key, operations(key, store));
            return store;
        });
    }

    private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");

    private void attach(Registry registry, ImageStore store) {
        stores.put(registry, store);
        registries.put(registry, operations(registry, store));
    }

    private EcrOperations operations(Registry registry, ImageStore store) {
        return new EcrOperations(store, mapper, links, registry.registryId(), registry.region());
    }

    @Override
    protected ObjectNode invoke(EcrOperation operation, AwsJsonRequest request) {
        return invoke(operation, request, Optional.empty());
    }

    @Override
    protected ObjectNode invoke(EcrOperation operation, AwsJsonRequest request, Optional<String> signingRegion) {
        return switch (operation) {
            case LIST_TAGS_FOR_RESOURCE, TAG_RESOURCE, UNTAG_RESOURCE -> {
                RepositoryArn arn = RepositoryArn.parse("resourceArn", request.requiredString("resourceArn"));
                EcrOperations registry = registries.get(new Registry(arn.registryId(), arn.region()));
                if (registry == null) throw EcrError.repositoryNotFound(arn.repository(), arn.registryId());
                yield registry.invokeOnResource(operation, arn.repository(), request);
            }
            default -> registry(request, signingRegion.orElse(region)).invoke(operation, request);
        };
    }

    /** The registry a request names with its registryId and signing region; see the class comment. */
    private EcrOperations registry(AwsJsonRequest request, String signedFor) {
        String registryId = request.string("registryId").orElse(ACCOUNT_ID);
        if (!EcrConstraints.REGISTRY_ID_PATTERN.matcher(registryId).matches())
            throw AwsJsonError.invalidParameter("registryId",
                    "must satisfy regular expression '" + EcrConstraints.REGISTRY_ID + "'");
        EcrOperations found = registries.get(new Registry(registryId, signedFor));
        if (found != null) return found;
        // The own account answers from its default store for a region it has no other store in: its clients have
        // always been free to sign for any region, and other registries need a store attached for their region.
        if (registryId.equals(ACCOUNT_ID)) return registries.get(new Registry(ACCOUNT_ID, region));
        throw new EcrError(EcrError.Type.REPOSITORY_NOT_FOUND, request.string("repositoryName")
                .map(name -> "The repository with name '" + name + "' does not exist")
                .orElse("No repository exists") + " in the registry with id '" + registryId + "'");
    }
}
