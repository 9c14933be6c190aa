package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.proxy.registry.BackingRegistry.ManifestContent;
import dev.ecrpublic.reference.Digest;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests by repository and digest, least recently used first out, bounded in bytes. Content addressed by digest
 * never changes, so a hit needs no ECR call; the repository is part of the key, so a digest pulled from one
 * repository is never served for another. Callers check access before they look here.
 */
final class ManifestCache {
    /** A Lambda container has memory to spare for this; a manifest is rarely over a few kilobytes. */
    static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    private record Key(LocatedRepository repository, Digest digest) {}

    private final long maxBytes;
    private final LinkedHashMap<Key, ManifestContent> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ManifestCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized Optional<ManifestContent> get(LocatedRepository repository, Digest digest) {
        return Optional.ofNullable(entries.get(new Key(repository, digest)));
    }

    /** Keeps content whose bytes hash to {@code digest}; anything larger than the whole cache is not kept. */
    synchronized void put(LocatedRepository repository, Digest digest, ManifestContent content) {
        long size = content.bytes().length;
        if (size > maxBytes) return;
        ManifestContent previous = entries.put(new Key(repository, digest), content);
        if (previous != null) bytes -= previous.bytes().length;
        bytes += size;
        for (Iterator<Map.Entry<Key, ManifestContent>> it = entries.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            bytes -= it.next().getValue().bytes().length;
            it.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
