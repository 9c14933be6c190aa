package dev.ecrpublic.authorizer.tags;

import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.policy.RepositoryTags;
import dev.ecrpublic.snapstart.OfflinePriming;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Repository tags read from ECR with {@code ListTagsForResource}, remembered per repository for the policy's
 * {@code tagCacheSeconds}. A repository that does not exist has no tags. A read that fails (throttled, denied,
 * unreachable) answers with no tags, so it grants nothing, and is logged; it is remembered for at most {@link #FAILURE_MEMORY} so a throttled ECR is not hammered.
 */
public final class EcrRepositoryTags implements RepositoryTagSource, AutoCloseable {
    static final Duration FAILURE_MEMORY = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 4096;

    private record Known(Map<String, String> tags, Instant until) {}

    private final Function<Region, EcrClient> clients;
    private final ConcurrentHashMap<Region, EcrClient> built = new ConcurrentHashMap<>();
    private final Region ownRegion;
    private final Optional<String> ownRegistryId;
    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, Known> cache = new LinkedHashMap<>(64, 0.75f, true);

    /**
     * {@code clients} builds the ECR client of a region, on first use; {@code ownRegistryId} (the function's account)
     * names the repositories no mapping routes elsewhere: without it their tags cannot be read and grant nothing.
     */
    public EcrRepositoryTags(Function<Region, EcrClient> clients, Region ownRegion, Optional<String> ownRegistryId,
                             Clock clock, Consumer<String> log) {
        this.clients = clients;
        this.ownRegion = ownRegion;
        this.ownRegistryId = ownRegistryId;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public RepositoryTags cachedFor(Duration ttl) {
        return location -> read(location, ttl);
    }

    private Map<String, String> read(RepositoryLocation location, Duration ttl) {
        Optional<String> registryId = location.registryId().or(() -> ownRegistryId);
        Region region = location.region().map(Region::of).orElse(ownRegion);
        if (registryId.isEmpty()) {
            LogLine.error("repository tags unreadable: the function's own registry id (ECR_REGISTRY_ID) is not set")
                    .with("repository", location.repositoryName()).writeTo(log);
            return Map.of();
        }
        String arn = "arn:" + partition(region) + ":ecr:" + region.id() + ":" + registryId.get() + ":repository/"
                + location.repositoryName();
        Instant now = clock.instant();
        synchronized (cache) {
            Known known = cache.get(arn);
            if (known != null && now.isBefore(known.until())) return known.tags();
        }
        Known fresh;
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : built.computeIfAbsent(region, clients).listTagsForResource(b -> b.resourceArn(arn)).tags())
                tags.put(tag.key(), tag.value());
            fresh = new Known(Map.copyOf(tags), now.plus(ttl));
        } catch (RepositoryNotFoundException e) {
            // An answer, not a failure: a name nobody created has no tags, and asking again soon would not change it.
            fresh = new Known(Map.of(), now.plus(ttl));
        } catch (SdkException e) {
            LogLine.warn("repository tags unreadable: they grant nothing until read again")
                    .with("repositoryArn", arn)
                    .with("error", e instanceof AwsServiceException s && s.awsErrorDetails() != null
                            ? s.awsErrorDetails().errorCode() : e.getClass().getSimpleName())
                    .writeTo(log);
            fresh = new Known(Map.of(), now.plus(ttl.compareTo(FAILURE_MEMORY) < 0 ? ttl : FAILURE_MEMORY));
        }
        synchronized (cache) {
            cache.put(arn, fresh);
            if (cache.size() > MAX_ENTRIES) cache.remove(cache.keySet().iterator().next());
        }
        return fresh.tags();
    }

    private static String partition(Region region) {
        RegionMetadata metadata = region.metadata();
        return metadata == null ? "aws" : metadata.partition().id();
    }

    /**
     * Builds the own region's client and runs a tag read up to the wire: a policy that turns tag access on after a
     * restore then finds the SDK's classes loaded.
     */
    @Override
    public void prime() {
        OfflinePriming.run(() -> built.computeIfAbsent(ownRegion, clients).listTagsForResource(b -> b
                .resourceArn("arn:aws:ecr:" + ownRegion.id() + ":000000000000:repository/priming")
                .overrideConfiguration(OfflinePriming.request())));
    }

    /** Closes the clients built so far. */
    @Override
    public void close() {
        built.values().forEach(EcrClient::close);
    }

    @Override
    public void invalidate() {
        synchronized (cache) {
            cache.clear();
        }
    }
}
