package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.policy.RepositoryTags;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Repository tags for the gallery, with at most {@link #MAX_READS_PER_VIEW} tags read from ECR per page view: the
 * repositories beyond that answer with no tags, which grants nothing, so they are left out of this view and read by a
 * later one (what was read is remembered for the policy's tag cache time). Failing closed this way keeps a registry of
 * thousands of tag-granted repositories from costing thousands of calls per view.
 */
final class BoundedTagReads {
    static final int MAX_READS_PER_VIEW = 50;
    static final int MAX_ENTRIES = 4096;

    private record Known(Map<String, String> tags, Instant until) {}

    /** One view's reads; {@link #skipped()} says how many repositories it had no budget left for. */
    static final class View implements RepositoryTags {
        private final BoundedTagReads reads;
        private final Duration ttl;
        private final AtomicInteger budget = new AtomicInteger(MAX_READS_PER_VIEW);
        private final AtomicInteger skipped = new AtomicInteger();

        private View(BoundedTagReads reads, Duration ttl) {
            this.reads = reads;
            this.ttl = ttl;
        }

        @Override
        public Map<String, String> of(RepositoryLocation location) {
            return reads.read(location, ttl, this);
        }

        int skipped() {
            return skipped.get();
        }
    }

    private final RepositoryTagSource source;
    private final Clock clock;
    private final Map<RepositoryLocation, Known> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RepositoryLocation, Known> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    BoundedTagReads(RepositoryTagSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** The tags one view may read, each read remembered for {@code ttl}. */
    View view(Duration ttl) {
        return new View(this, ttl);
    }

    private Map<String, String> read(RepositoryLocation location, Duration ttl, View view) {
        Instant now = clock.instant();
        synchronized (known) {
            Known k = known.get(location);
            if (k != null && now.isBefore(k.until())) return k.tags();
        }
        if (view.budget.getAndDecrement() <= 0) {
            view.skipped.incrementAndGet();
            return Map.of();
        }
        Map<String, String> tags = source.cachedFor(ttl).of(location);
        synchronized (known) {
            known.put(location, new Known(tags, now.plus(ttl)));
        }
        return tags;
    }

    void forget() {
        synchronized (known) {
            known.clear();
        }
        source.invalidate();
    }
}
