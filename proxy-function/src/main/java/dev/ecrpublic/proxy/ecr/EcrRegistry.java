package dev.ecrpublic.proxy.ecr;

import dev.ecrpublic.proxy.registry.BackingRegistry;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.proxy.registry.LocatedRepository;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pull API's questions, asked of ECR: one ECR call per request, except listings longer than a page. A repository
 * in another account is asked for with that {@code registryId}, in another region of that region's endpoint.
 */
public final class EcrRegistry implements BackingRegistry {
    /** ListImageReferrers' largest page (its maxResults is 1 to 50): the fewest calls for a long list. */
    static final int REFERRERS_PAGE_SIZE = 50;

    private final EcrApi ecr;
    private final EcrCalls calls;

    /** {@code calls} is the counter {@code ecr} counts its calls with. */
    public EcrRegistry(EcrApi ecr, EcrCalls calls) {
        this.ecr = ecr;
        this.calls = calls;
    }

    @Override
    public long callsOnThisThread() {
        return calls.onThisThread();
    }

    @Override
    public ManifestContent manifest(LocatedRepository repository, ManifestReference reference, List<String> accepted) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "reference", reference.toString());
        EcrApi.Images found = call(detail, () -> ecr.batchGetImage(repository.location(), reference, accepted));
        if (found.images().isEmpty()) {
            String code = found.failureCodes().isEmpty() ? "ImageNotFound" : found.failureCodes().getFirst();
            throw EcrErrors.imageFailure(code, detail);
        }
        EcrApi.Manifest image = found.images().getFirst();
        byte[] bytes = image.manifest().getBytes(StandardCharsets.UTF_8);
        String mediaType = image.mediaType();
        return new ManifestContent(bytes, mediaType != null ? mediaType : ManifestJson.mediaTypeOf(bytes));
    }

    @Override
    public URI blobLocation(LocatedRepository repository, Digest digest) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "digest", digest.value());
        return URI.create(call(detail, () -> ecr.getDownloadUrlForLayer(repository.location(), digest.value())));
    }

    @Override
    public long blobSize(LocatedRepository repository, Digest digest) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "digest", digest.value());
        return call(detail, () -> ecr.batchCheckLayerAvailability(repository.location(), digest.value())).stream()
                .filter(l -> "AVAILABLE".equals(l.availability()) && digest.value().equals(l.digest()) && l.size() != null)
                .mapToLong(EcrApi.Layer::size)
                .findFirst()
                .orElseThrow(() -> new RegistryException(OciError.BLOB_UNKNOWN, null, detail));
    }

    @Override
    public List<String> tags(LocatedRepository repository) {
        return all(Map.of("name", repository.name().value()), next -> ecr.listImageTags(repository.location(), next));
    }

    @Override
    public List<String> repositories(RepositoryLocation registry) {
        return all(Map.of(), next -> ecr.describeRepositoryNames(registry, next));
    }

    /** Every page of a listing, one call each. */
    private static List<String> all(Map<String, String> detail, Function<Optional<String>, EcrApi.Page> page) {
        List<String> items = new ArrayList<>();
        Optional<String> next = Optional.empty();
        do {
            Optional<String> token = next;
            EcrApi.Page p = call(detail, () -> page.apply(token));
            items.addAll(p.items());
            next = p.nextToken();
        } while (next.isPresent());
        return items;
    }

    /**
     * One ListImageReferrers call. Only ACTIVE referrers are asked for (ECR's default, stated so that it stays so): an
     * archived one cannot be pulled until it is restored, nor one still being restored, and a client that finds a
     * signature it cannot fetch fails where one that finds none falls back or says so.
     */
    @Override
    public ReferrersPage referrers(LocatedRepository repository, Digest subject, List<String> artifactTypes,
                                   Optional<String> pageToken) {
        Map<String, String> detail = Map.of("name", repository.name().value(), "digest", subject.value());
        RepositoryLocation at = repository.location();
        EcrApi.Referrers page = call(detail, () -> ecr.listImageReferrers(at, subject.value(), artifactTypes,
                REFERRERS_PAGE_SIZE, pageToken));
        List<Referrer> referrers = new ArrayList<>();
        for (EcrApi.Referrer r : page.referrers())
            referrers.add(new Referrer(r.mediaType(), new Digest(r.digest()), r.size(),
                    Optional.ofNullable(r.artifactType()), r.annotations()));
        return new ReferrersPage(referrers, page.nextToken().filter(t -> !t.isEmpty()));
    }

    private static <T> T call(Map<String, String> detail, Supplier<T> call) {
        try {
            return call.get();
        } catch (EcrFailure e) {
            throw EcrErrors.translate(e, detail);
        }
    }
}
