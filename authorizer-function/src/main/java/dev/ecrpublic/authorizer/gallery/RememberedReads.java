package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.policy.RepositoryLocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gallery's ECR reads, each remembered for {@code ttl} so that page views within it cost no ECR call; an index's
 * platforms are remembered for as long as there is room, since a digest's content never changes. Failures are not
 * remembered. Bounded in entries, least recently used first out.
 */
final class RememberedReads implements GalleryReads {
    static final int MAX_ENTRIES = 1024;
    static final int MAX_DIGESTS = 4096;

    private record Known<T>(T value, Instant until) {}

    private final GalleryReads reads;
    private final Clock clock;
    private final Duration ttl;
    private final Map<RepositoryLocation, Known<List<String>>> repositories = lru(MAX_ENTRIES);
    private final Map<RepositoryLocation, Known<List<TaggedImage>>> images = lru(MAX_ENTRIES);
    private final Map<String, List<String>> platforms = lru(MAX_DIGESTS);

    RememberedReads(GalleryReads reads, Clock clock, Duration ttl) {
        this.reads = reads;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public List<String> repositories(RepositoryLocation registry) {
        return remembered(repositories, registry, () -> reads.repositories(registry));
    }

    @Override
    public List<TaggedImage> images(RepositoryLocation repository) {
        return remembered(images, repository, () -> reads.images(repository));
    }

    @Override
    public Map<String, List<String>> platforms(RepositoryLocation repository, List<String> indexDigests) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        synchronized (platforms) {
            for (String digest : indexDigests) {
                List<String> known = platforms.get(digest);
                if (known != null) out.put(digest, known);
                else missing.add(digest);
            }
        }
        if (missing.isEmpty()) return out;
        Map<String, List<String>> read = reads.platforms(repository, missing);
        synchronized (platforms) {
            read.forEach((digest, list) -> platforms.put(digest, List.copyOf(list)));
        }
        out.putAll(read);
        return out;
    }

    /** Forgets everything (after a SnapStart restore). */
    void forget() {
        synchronized (repositories) {
            repositories.clear();
        }
        synchronized (images) {
            images.clear();
        }
        synchronized (platforms) {
            platforms.clear();
        }
    }

    private <K, T> T remembered(Map<K, Known<T>> cache, K key, Supplier<T> read) {
        Instant now = clock.instant();
        synchronized (cache) {
            Known<T> known = cache.get(key);
            if (known != null && now.isBefore(known.until())) return known.value();
        }
        T value = read.get();
        synchronized (cache) {
            cache.put(key, new Known<>(value, now.plus(ttl)));
        }
        return value;
    }

    private static <K, V> Map<K, V> lru(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
