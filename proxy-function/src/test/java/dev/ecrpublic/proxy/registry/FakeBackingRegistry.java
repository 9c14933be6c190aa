package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory backing registry; {@code corrupt} makes it answer digest requests with other bytes, as a broken upstream would. */
final class FakeBackingRegistry implements BackingRegistry {
    final Map<String, Map<String, ManifestContent>> manifestsByRef = new HashMap<>();
    final Map<String, Map<Digest, Long>> blobs = new HashMap<>();
    final List<List<String>> acceptedSeen = new ArrayList<>();
    boolean corrupt;
    /** Registries (by {@link #key} of their location) whose listing fails with this error. */
    final Map<String, OciError> listingFails = new HashMap<>();
    int manifestCalls;
    /** Referrers by repository key, then by subject; listed in pages of this size, the token being the next index. */
    final Map<String, Map<Digest, List<Referrer>>> referrers = new HashMap<>();
    int referrersPageSize = 50;
    final List<List<String>> artifactTypesSeen = new ArrayList<>();

    /** Repositories in the own registry are keyed by name, others by {@code registryId|region|name}. */
    static String key(RepositoryLocation at) {
        return at.registryId().isEmpty() && at.region().isEmpty() ? at.repositoryName()
                : at.registryId().orElse("") + "|" + at.region().orElse("") + "|" + at.repositoryName();
    }

    Digest putManifest(String repo, String tag, String json, String mediaType) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(bytes);
        ManifestContent content = new ManifestContent(bytes, mediaType);
        Map<String, ManifestContent> refs = manifestsByRef.computeIfAbsent(repo, r -> new HashMap<>());
        refs.put(digest.value(), content);
        if (tag != null) refs.put(tag, content);
        return digest;
    }

    void putBlob(String repo, Digest digest, long size) {
        blobs.computeIfAbsent(repo, r -> new HashMap<>()).put(digest, size);
    }

    private Map<String, ManifestContent> repo(LocatedRepository repository) {
        Map<String, ManifestContent> refs = manifestsByRef.get(key(repository.location()));
        if (refs == null) throw new RegistryException(OciError.NAME_UNKNOWN);
        return refs;
    }

    @Override
    public ManifestContent manifest(LocatedRepository name, ManifestReference reference, List<String> accepted) {
        manifestCalls++;
        acceptedSeen.add(accepted);
        ManifestContent content = repo(name).get(reference.toString());
        if (content == null) throw new RegistryException(OciError.MANIFEST_UNKNOWN);
        if (corrupt) return new ManifestContent((new String(content.bytes(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8), content.mediaType());
        return content;
    }

    @Override
    public URI blobLocation(LocatedRepository name, Digest digest) {
        blobSize(name, digest);
        return URI.create("https://blobs.example/" + digest.value() + "?signature=x");
    }

    @Override
    public long blobSize(LocatedRepository name, Digest digest) {
        repo(name);
        Long size = blobs.getOrDefault(key(name.location()), Map.of()).get(digest);
        if (size == null) throw new RegistryException(OciError.BLOB_UNKNOWN);
        return size;
    }

    @Override
    public List<String> tags(LocatedRepository name) {
        return repo(name).keySet().stream().filter(k -> !k.startsWith("sha256:")).toList();
    }

    void putReferrer(String repo, Digest subject, Referrer referrer) {
        referrers.computeIfAbsent(repo, r -> new HashMap<>()).computeIfAbsent(subject, d -> new ArrayList<>()).add(referrer);
    }

    @Override
    public ReferrersPage referrers(LocatedRepository name, Digest subject, List<String> artifactTypes,
                                   Optional<String> pageToken) {
        repo(name);
        artifactTypesSeen.add(artifactTypes);
        List<Referrer> all = referrers.getOrDefault(key(name.location()), Map.of()).getOrDefault(subject, List.of())
                .stream().filter(r -> artifactTypes.isEmpty() || r.artifactType().filter(artifactTypes::contains).isPresent())
                .toList();
        int from = pageToken.map(Integer::parseInt).orElse(0);
        int to = Math.min(all.size(), from + referrersPageSize);
        return new ReferrersPage(all.subList(from, to), to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
    }

    @Override
    public List<String> repositories(RepositoryLocation registry) {
        String prefix = key(new RepositoryLocation(registry.registryId(), registry.region(), ""));
        if (listingFails.containsKey(prefix)) throw new RegistryException(listingFails.get(prefix));
        return manifestsByRef.keySet().stream()
                .filter(k -> prefix.isEmpty() ? !k.contains("|") : k.startsWith(prefix))
                .map(k -> k.substring(prefix.length())).toList();
    }
}
