package dev.ecrpublic.local.ecr;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the presigned S3 URLs that GetDownloadUrlForLayer hands out: each URL carries an unguessable token,
 * works without AWS credentials and expires. The proxy redirects clients to these URLs, so they must behave like
 * S3's: anyone holding one may download, nobody can forge one.
 */
public final class LayerLinks {
    public static final String PATH = "/layers/";
    /** ECR's URLs are short-lived too; an hour comfortably outlasts any local pull. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private record Link(ImageStore.Blob blob, Instant expiresAt) {}

    private final URI base;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    LayerLinks(URI base, Clock clock) {
        this.base = base;
        this.clock = clock;
    }

    URI issue(ImageStore.Blob blob) {
        Instant now = clock.instant();
        links.values().removeIf(link -> !link.expiresAt().isAfter(now));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        links.put(token, new Link(blob, now.plus(LIFETIME)));
        return base.resolve(PATH + token);
    }

    Optional<ImageStore.Blob> resolve(String token) {
        Link link = links.get(token);
        if (link == null || !link.expiresAt().isAfter(clock.instant())) return Optional.empty();
        return Optional.of(link.blob());
    }
}
