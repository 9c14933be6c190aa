package dev.ecrpublic.local.ecr;

import dev.ecrpublic.reference.Digest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One emulated registry's content (one account in one region): repositories of manifests (exact bytes), blobs, image
 * tags, and each repository's own resource tags. Thread-safe.
 */
public final class ImageStore {
    public record Manifest(byte[] bytes, String mediaType, Digest digest, Instant pushedAt) {}

    /** Blob bytes, held in memory (the sample image) or read from an OCI layout on disk. */
    public sealed interface BlobContent {
        long size();

        InputStream open();

        record InMemory(byte[] bytes) implements BlobContent {
            public long size() { return bytes.length; }
            public InputStream open() { return new ByteArrayInputStream(bytes); }
        }

        record OnDisk(Path file) implements BlobContent {
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            public InputStream open() {
                try {
                    return Files.newInputStream(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    public record Blob(Digest digest, String mediaType, BlobContent content) {}

    private static final class Repository {
        final Instant createdAt = Instant.now();
        final Map<Digest, Manifest> manifests = new ConcurrentHashMap<>();
        final Map<Digest, Blob> blobs = new ConcurrentHashMap<>();
        final Map<String, Digest> tags = new ConcurrentHashMap<>();
        /** The repository's own resource tags (ECR's TagResource), not image tags. */
        final Map<String, String> resourceTags = new ConcurrentHashMap<>();
    }

    private final Map<String, Repository> repositories = new ConcurrentHashMap<>();

    public void createRepository(String name) {
        repositories.computeIfAbsent(name, n -> new Repository());
    }

    public boolean hasRepository(String name) {
        return repositories.containsKey(name);
    }

    public SortedSet<String> repositories() {
        return new TreeSet<>(repositories.keySet());
    }

    public Optional<Instant> createdAt(String repository) {
        return Optional.ofNullable(repositories.get(repository)).map(r -> r.createdAt);
    }

    public void putBlob(String repository, Blob blob) {
        repo(repository).blobs.put(blob.digest(), blob);
    }

    /** Stores the exact bytes and returns their digest. */
    public Digest putManifest(String repository, byte[] bytes, String mediaType) {
        Digest digest = Digest.sha256Of(bytes);
        repo(repository).manifests.putIfAbsent(digest, new Manifest(bytes.clone(), mediaType, digest, Instant.now()));
        return digest;
    }

    public void tag(String repository, String tag, Digest digest) {
        Repository r = repo(repository);
        if (!r.manifests.containsKey(digest)) throw new IllegalArgumentException("no manifest " + digest + " in " + repository);
        r.tags.put(tag, digest);
    }

    public Optional<Digest> resolveTag(String repository, String tag) {
        return Optional.ofNullable(repositories.get(repository)).map(r -> r.tags.get(tag));
    }

    public Optional<Manifest> manifest(String repository, Digest digest) {
        return Optional.ofNullable(repositories.get(repository)).map(r -> r.manifests.get(digest));
    }

    public Map<Digest, Manifest> manifests(String repository) {
        Repository r = repositories.get(repository);
        return r == null ? Map.of() : Map.copyOf(r.manifests);
    }

    public Optional<Blob> blob(String repository, Digest digest) {
        return Optional.ofNullable(repositories.get(repository)).map(r -> r.blobs.get(digest));
    }

    /** Tag to digest, sorted by tag. */
    public Map<String, Digest> tags(String repository) {
        Repository r = repositories.get(repository);
        return r == null ? Map.of() : new TreeMap<>(r.tags);
    }

    /** The repository's resource tags (key to value, sorted by key), as ListTagsForResource reports them. */
    public Map<String, String> repositoryTags(String repository) {
        Repository r = repositories.get(repository);
        return r == null ? Map.of() : new TreeMap<>(r.resourceTags);
    }

    /** Adds or overwrites resource tags on an existing repository, as TagResource does. */
    public void tagRepository(String repository, Map<String, String> tags) {
        Repository r = repo(repository);
        tags.forEach((key, value) -> r.resourceTags.put(Objects.requireNonNull(key, "key"),
                Objects.requireNonNull(value, "value")));
    }

    /** Removes resource tags by key; keys the repository does not carry are ignored, as UntagResource does. */
    public void untagRepository(String repository, Collection<String> keys) {
        Repository r = repo(repository);
        keys.forEach(r.resourceTags::remove);
    }

    private Repository repo(String name) {
        Repository r = repositories.get(name);
        if (r == null) throw new IllegalArgumentException("no repository " + name);
        return r;
    }
}
