package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory backing registry; {@code corrupt} makes it answer digest requests with other bytes, as a broken upstream would. */
final class FakeBackingRegistry implements BackingRegistry {
    final Map<String, Map<String, ManifestContent>> manifestsByRef = new HashMap<>();
    final Map<String, Map<Digest, Long>> blobs = new HashMap<>();
    final List<List<String>> acceptedSeen = new ArrayList<>();
    boolean corrupt;
    int manifestCalls;

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

    private Map<String, ManifestContent> repo(RepositoryName name) {
        Map<String, ManifestContent> refs = manifestsByRef.get(name.value());
        if (refs == null) throw new RegistryException(OciError.NAME_UNKNOWN);
        return refs;
    }

    @Override
    public ManifestContent manifest(RepositoryName name, ManifestReference reference, List<String> accepted) {
        manifestCalls++;
        acceptedSeen.add(accepted);
        ManifestContent content = repo(name).get(reference.toString());
        if (content == null) throw new RegistryException(OciError.MANIFEST_UNKNOWN);
        if (corrupt) return new ManifestContent((new String(content.bytes(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8), content.mediaType());
        return content;
    }

    @Override
    public URI blobLocation(RepositoryName name, Digest digest) {
        blobSize(name, digest);
        return URI.create("https://blobs.example/" + digest.value() + "?signature=x");
    }

    @Override
    public long blobSize(RepositoryName name, Digest digest) {
        repo(name);
        Long size = blobs.getOrDefault(name.value(), Map.of()).get(digest);
        if (size == null) throw new RegistryException(OciError.BLOB_UNKNOWN);
        return size;
    }

    @Override
    public List<String> tags(RepositoryName name) {
        return repo(name).keySet().stream().filter(k -> !k.startsWith("sha256:")).toList();
    }

    @Override
    public List<String> repositories() {
        return List.copyOf(manifestsByRef.keySet());
    }
}
