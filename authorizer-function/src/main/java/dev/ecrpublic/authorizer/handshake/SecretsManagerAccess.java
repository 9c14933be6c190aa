package dev.ecrpublic.authorizer.handshake;

import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.PolicyException;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The access document in a Secrets Manager secret ({@code AWSCURRENT}), cached for a short TTL so that a revoked
 * credential stops working within it. Unlike signing keys, a document that cannot be reloaded after its TTL is not
 * served stale: a revocation must not outlive an outage.
 */
public final class SecretsManagerAccess implements AccessSource {
    /** How long a revocation may take to reach a warm function. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Clock clock;
    private final Duration ttl;
    private final Consumer<String> log;
    private record Cached(AccessDocument document, Instant loaded) {}
    private volatile Cached cached;
    private volatile boolean fallbackAnnounced;

    public SecretsManagerAccess(SecretsManagerClient secrets, String secretId, Clock clock, Duration ttl,
                                Consumer<String> log) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
        this.ttl = ttl;
        this.log = log;
    }

    @Override
    public AccessDocument current() {
        Cached c = cached;
        Instant now = clock.instant();
        if (c != null && now.isBefore(c.loaded().plus(ttl))) return c.document();
        synchronized (this) {
            c = cached;
            if (c != null && now.isBefore(c.loaded().plus(ttl))) return c.document();
            AccessDocument document = load();
            cached = new Cached(document, now);
            announceFallback(document);
            return document;
        }
    }

    @Override
    public void invalidate() {
        cached = null;
    }

    /** Once per change into the fallback: a document without a policy opens every repository to anyone. */
    private void announceFallback(AccessDocument document) {
        boolean fallback = document.policy().isEmpty();
        if (fallback && !fallbackAnnounced) LogLine.warn("access document has no policy: anonymous mode, "
                + "anyone may pull every repository").with("secretId", secretId).writeTo(log);
        fallbackAnnounced = fallback;
    }

    private AccessDocument load() {
        String json;
        try {
            json = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
        } catch (SdkException e) {
            LogLine.error("access document unavailable").with("secretId", secretId)
                    .with("exception", e.getClass().getSimpleName()).writeTo(log);
            throw new RegistryException(OciError.UNAVAILABLE, "access policy unavailable, try again later");
        }
        try {
            if (json == null) throw new PolicyException("the secret has no SecretString");
            return AccessDocument.parse(json);
        } catch (PolicyException e) {
            // An operator's mistake: say what is wrong in the log, refuse everyone until it is fixed.
            LogLine.error("access document invalid").with("secretId", secretId).with("reason", e.getMessage())
                    .writeTo(log);
            throw new RegistryException(OciError.UNAVAILABLE, "access policy unavailable, try again later");
        }
    }
}
