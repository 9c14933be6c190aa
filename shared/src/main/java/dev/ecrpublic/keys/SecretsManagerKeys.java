package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;
import dev.ecrpublic.log.LogLine;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Signing keys from one Secrets Manager secret: AWSCURRENT signs; AWSCURRENT, AWSPREVIOUS and AWSPENDING verify, so
 * tokens survive a rotation in either direction. Cached for a TTL; an outage keeps the cached keys serving (tokens
 * stay valid), and only a cold instance with nothing cached fails closed.
 */
public final class SecretsManagerKeys implements KeySource {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    /** An unknown kid may be a key rotated in after our last load; reloading for it is rate-limited (DoS). */
    static final Duration UNKNOWN_KID_RELOAD_INTERVAL = Duration.ofSeconds(30);
    /** After a failed reload with keys cached, wait this long before asking again (one warning per attempt). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    private final SecretVersions versions;
    private final Clock clock;
    private final Duration ttl;
    private final Consumer<String> log;
    private final Object reloadLock = new Object();

    private volatile LoadedKeys cached;
    private volatile Instant nextLoad = Instant.MIN;
    private volatile Instant lastUnknownKidReload;
    private volatile Instant lastFailure;

    public SecretsManagerKeys(SecretsManagerClient sm, String secretId, Clock clock, Duration ttl) {
        this(sm, secretId, clock, ttl, LogLine.STDOUT);
    }

    public SecretsManagerKeys(SecretsManagerClient sm, String secretId, Clock clock, Duration ttl, Consumer<String> log) {
        this.versions = new SecretVersions(Objects.requireNonNull(sm), Objects.requireNonNull(secretId));
        this.clock = Objects.requireNonNull(clock);
        this.ttl = Objects.requireNonNull(ttl);
        this.log = Objects.requireNonNull(log);
    }

    @Override
    public JWK signingKey() {
        return fresh().current();
    }

    @Override
    public Optional<JWK> verificationKey(String kid) {
        if (kid == null) return Optional.empty();
        Optional<JWK> found = fresh().publicKey(kid);
        if (found.isPresent()) return found;
        synchronized (reloadLock) {
            Instant now = clock.instant();
            boolean recentlyTried = lastUnknownKidReload != null
                    && now.isBefore(lastUnknownKidReload.plus(UNKNOWN_KID_RELOAD_INTERVAL));
            boolean recentlyFailed = lastFailure != null && now.isBefore(lastFailure.plus(RETRY_AFTER_FAILURE));
            if (recentlyTried || recentlyFailed) return cached == null ? Optional.empty() : cached.publicKey(kid);
            lastUnknownKidReload = now;
            return reload(now).publicKey(kid);
        }
    }

    @Override
    public List<JWK> publicKeys() {
        return fresh().publicKeys();
    }

    /** Drops the cached keys so the next call loads them again (after a CRaC restore, in another environment). */
    @Override
    public void invalidate() {
        synchronized (reloadLock) {
            cached = null;
            nextLoad = Instant.MIN;
            lastUnknownKidReload = null;
            lastFailure = null;
        }
    }

    private LoadedKeys fresh() {
        LoadedKeys keys = cached;
        if (keys != null && clock.instant().isBefore(nextLoad)) return keys;
        synchronized (reloadLock) {
            Instant now = clock.instant();
            if (cached != null && now.isBefore(nextLoad)) return cached; // another thread reloaded meanwhile
            return reload(now);
        }
    }

    /** Called holding reloadLock. */
    private LoadedKeys reload(Instant now) {
        try {
            LoadedKeys loaded = versions.load(log);
            cached = loaded;
            nextLoad = now.plus(ttl);
            lastFailure = null;
            return loaded;
        } catch (RuntimeException e) {
            lastFailure = now;
            if (cached == null) {
                LogLine.error("signing keys unavailable").with("secretId", versions.secretId())
                        .with("error", describe(e)).writeTo(log);
                throw new KeysUnavailableException("signing keys unavailable");
            }
            LogLine.warn("signing keys reload failed; serving the cached keys").with("secretId", versions.secretId())
                    .with("error", describe(e)).with("retryInSeconds", RETRY_AFTER_FAILURE.toSeconds()).writeTo(log);
            nextLoad = now.plus(RETRY_AFTER_FAILURE);
            return cached;
        }
    }

    private static String describe(RuntimeException e) {
        // SDK and parse messages name the secret and the failure, never the secret value.
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public String toString() {
        return "SecretsManagerKeys[" + versions.secretId() + "]";
    }
}
