package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsManagerKeysTest {
    static final String SECRET = "ecr-public/signing-keys";
    static final Duration TTL = Duration.ofMinutes(5);

    final SecureRandom random = new SecureRandom();
    final FakeSecretsManager sm = new FakeSecretsManager();
    final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    final List<String> log = new CopyOnWriteArrayList<>();
    final SecretsManagerKeys keys = new SecretsManagerKeys(sm, SECRET, clock, TTL, log::add);

    ECKey put(String version, String... stages) {
        ECKey key = SigningKeyJwk.generate(random);
        sm.putSecretValue(b -> b.secretId(SECRET).clientRequestToken(version).secretString(key.toJSONString())
                .versionStages(stages));
        return key;
    }

    @Test
    void currentPreviousAndPendingVerifyOnlyCurrentSigns() {
        sm.createEmpty(SECRET);
        ECKey first = put("v1", "AWSCURRENT");
        ECKey second = put("v2", "AWSCURRENT"); // first becomes AWSPREVIOUS
        ECKey pending = put("v3", "AWSPENDING");
        assertEquals(List.of("AWSPREVIOUS"), sm.stages(SECRET).get("v1"));

        assertEquals(second, keys.signingKey());
        for (ECKey k : List.of(first, second, pending)) {
            JWK found = keys.verificationKey(k.getKeyID()).orElseThrow();
            assertEquals(k.toPublicJWK(), found);
            assertFalse(found.isPrivate());
        }
        assertEquals(List.of(second.getKeyID(), first.getKeyID(), pending.getKeyID()),
                keys.publicKeys().stream().map(JWK::getKeyID).toList());
        assertTrue(keys.publicKeys().stream().noneMatch(JWK::isPrivate));
        assertFalse(keys.toString().contains("\"d\""));
    }

    @Test
    void theTemplatesPlaceholderIsNoKeyButNoAlarmOnceRotatedAway() {
        sm.createEmpty(SECRET);
        sm.putSecretValue(b -> b.secretId(SECRET).clientRequestToken("v0").secretString(SigningKeyJwk.UNSET)
                .versionStages("AWSCURRENT"));
        assertThrows(KeysUnavailableException.class, keys::signingKey, "nothing to sign with before the first rotation");
        log.clear();
        clock.advance(Duration.ofMinutes(1));
        ECKey first = put("v1", "AWSCURRENT"); // the placeholder becomes AWSPREVIOUS
        assertEquals(first, keys.signingKey());
        assertEquals(List.of(first.getKeyID()), keys.publicKeys().stream().map(JWK::getKeyID).toList());
        assertTrue(log.stream().noneMatch(l -> l.contains("skipped")), "no warning about the placeholder: " + log);
    }

    @Test
    void aPendingVersionWithoutValueIsSkipped() {
        sm.createEmpty(SECRET);
        ECKey current = put("v1", "AWSCURRENT");
        sm.stagePendingPlaceholder(SECRET, "v2");
        assertEquals(current, keys.signingKey());
        assertEquals(1, keys.publicKeys().size());
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void anUnparseablePreviousVersionIsSkippedWithAWarning() {
        sm.createEmpty(SECRET);
        sm.putSecretValue(b -> b.secretId(SECRET).clientRequestToken("v1").secretString("{\"not\":\"a key\"}"));
        ECKey current = put("v2", "AWSCURRENT");
        assertEquals(current, keys.signingKey());
        assertEquals(1, log.size());
        assertTrue(log.getFirst().contains("\"WARN\"") && log.getFirst().contains("AWSPREVIOUS"), log.getFirst());
    }

    @Test
    void keysAreCachedForTheTtl() {
        sm.createEmpty(SECRET);
        ECKey first = put("v1", "AWSCURRENT");
        assertEquals(first, keys.signingKey());
        ECKey second = put("v2", "AWSCURRENT");
        clock.advance(TTL.minusSeconds(1));
        for (int i = 0; i < 5; i++) assertEquals(first, keys.signingKey());
        keys.publicKeys();
        keys.verificationKey(first.getKeyID());
        assertEquals(1, sm.describeCalls.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(second, keys.signingKey());
        assertEquals(2, sm.describeCalls.get());
    }

    @Test
    void anUnknownKidReloadsAtMostOncePer30Seconds() {
        sm.createEmpty(SECRET);
        put("v1", "AWSCURRENT");
        keys.signingKey();
        assertTrue(keys.verificationKey("unknown").isEmpty());
        assertEquals(2, sm.describeCalls.get());
        for (int i = 0; i < 10; i++) assertTrue(keys.verificationKey("unknown-" + i).isEmpty());
        clock.advance(Duration.ofSeconds(29));
        assertTrue(keys.verificationKey("unknown").isEmpty());
        assertEquals(2, sm.describeCalls.get());

        // A key rotated in since the last load is found by the next permitted reload, before the TTL is up.
        ECKey rotatedIn = put("v2", "AWSCURRENT");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(rotatedIn.toPublicJWK(), keys.verificationKey(rotatedIn.getKeyID()).orElseThrow());
        assertEquals(3, sm.describeCalls.get());
        assertEquals(rotatedIn, keys.signingKey());
    }

    @Test
    void anOutageWithCachedKeysKeepsServingAndWarnsOnce() {
        sm.createEmpty(SECRET);
        ECKey key = put("v1", "AWSCURRENT");
        keys.signingKey();
        sm.outage = true;
        clock.advance(TTL);
        for (int i = 0; i < 20; i++) {
            assertEquals(key, keys.signingKey());
            assertTrue(keys.verificationKey(key.getKeyID()).isPresent());
            assertEquals(1, keys.publicKeys().size());
        }
        assertTrue(keys.verificationKey("unknown").isEmpty()); // the kid reload fails too, still no exception
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.getFirst().contains("\"level\":\"WARN\""), log.getFirst());
        assertTrue(log.getFirst().contains("emulated outage"), log.getFirst());
        assertFalse(log.getFirst().contains(key.getD().toString()));
    }

    @Test
    void anOutageWithNothingCachedFailsClosed() {
        sm.createEmpty(SECRET);
        put("v1", "AWSCURRENT");
        sm.outage = true;
        assertThrows(KeysUnavailableException.class, keys::signingKey);
        assertThrows(KeysUnavailableException.class, () -> keys.verificationKey("any"));
        assertThrows(KeysUnavailableException.class, keys::publicKeys);
        assertEquals(503, new KeysUnavailableException("x").error().status);
    }

    @Test
    void recoversAfterAnOutageWithoutARestart() {
        sm.createEmpty(SECRET);
        put("v1", "AWSCURRENT");
        sm.outage = true;
        assertThrows(KeysUnavailableException.class, keys::signingKey);
        sm.outage = false;
        keys.signingKey(); // nothing was cached: the very next call tries again

        sm.outage = true;
        clock.advance(TTL);
        keys.signingKey();
        sm.outage = false;
        ECKey rotated = put("v2", "AWSCURRENT");
        clock.advance(SecretsManagerKeys.RETRY_AFTER_FAILURE);
        assertEquals(rotated, keys.signingKey());
    }

    @Test
    void aSecretWithoutUsableCurrentKeyIsUnavailable() {
        sm.createEmpty(SECRET);
        assertThrows(KeysUnavailableException.class, keys::signingKey);
        sm.putSecretValue(b -> b.secretId(SECRET).clientRequestToken("v1").secretString("garbage-value-123"));
        assertThrows(KeysUnavailableException.class, keys::signingKey);
        assertTrue(log.stream().noneMatch(l -> l.contains("garbage-value-123")), log.toString());
        assertThrows(KeysUnavailableException.class, () ->
                new SecretsManagerKeys(sm, "missing", clock, TTL, log::add).signingKey());
    }

    @Test
    void invalidateForcesAFreshLoad() {
        sm.createEmpty(SECRET);
        put("v1", "AWSCURRENT");
        keys.signingKey();
        ECKey second = put("v2", "AWSCURRENT");
        keys.invalidate();
        assertEquals(second, keys.signingKey());
        assertEquals(2, sm.describeCalls.get());
    }
}
