package dev.ecrpublic.authorizer;

import com.nimbusds.jose.JWSObject;
import dev.ecrpublic.token.Verification;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Tokens this container has already verified, by audience and exact token text, until they expire or for five
 * minutes at most. A token is immutable, so a second look needs no second ES256 check (half a millisecond and more),
 * only a look that its key is still trusted: a token whose key has been rotated away fails at once, as it would in
 * a fresh container. Bounded, least recently used out.
 */
final class VerifiedTokens {
    static final int MAX_ENTRIES = 4096;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Known(Verification.Valid verification, String kid, Instant until) {}

    private final Clock clock;
    private final Predicate<String> trustedKid;
    private final LinkedHashMap<String, Known> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedTokens(Clock clock, Predicate<String> trustedKid) {
        this.clock = clock;
        this.trustedKid = trustedKid;
    }

    synchronized Optional<Verification.Valid> get(String audience, String token) {
        String key = audience + ' ' + token;
        Known entry = entries.get(key);
        if (entry == null) return Optional.empty();
        if (!clock.instant().isBefore(entry.until()) || !trustedKid.test(entry.kid())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.verification());
    }

    /** Remembers a token the verifier accepted; its header names the key to keep checking. */
    synchronized void put(String audience, String token, Verification.Valid verification) {
        String kid;
        try {
            kid = JWSObject.parse(token).getHeader().getKeyID();
        } catch (ParseException e) {
            return; // the verifier accepted it, so this cannot happen; not remembering it is always safe
        }
        Instant cap = clock.instant().plus(MAX_AGE);
        Instant until = verification.expires().isBefore(cap) ? verification.expires() : cap;
        entries.put(audience + ' ' + token, new Known(verification, kid, until));
    }

    synchronized void clear() {
        entries.clear();
    }
}
