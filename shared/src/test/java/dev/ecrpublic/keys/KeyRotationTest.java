package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRotationTest {
    static final String SECRET = "ecr-public/signing-keys";

    final FakeSecretsManager sm = new FakeSecretsManager();
    final KeyRotation rotation = new KeyRotation(sm, new SecureRandom());
    final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));

    SecretsManagerKeys freshKeys() {
        return new SecretsManagerKeys(sm, SECRET, clock, Duration.ofMinutes(5), line -> { });
    }

    String currentKid() {
        return freshKeys().signingKey().getKeyID();
    }

    @Test
    void fourStepsEachIdempotentPerClientRequestToken() {
        rotation.initialize(SECRET);
        String oldVersion = sm.stages(SECRET).keySet().iterator().next();
        String oldKid = currentKid();
        String token = "0123456789abcdef0123456789abcdef";
        sm.stagePendingPlaceholder(SECRET, token); // what RotateSecret does before invoking the function

        for (RotationStep step : RotationStep.values()) {
            rotation.run(step, SECRET, token);
            Map<String, String> after = sm.snapshot(SECRET);
            rotation.run(step, SECRET, token); // Secrets Manager retries steps
            assertEquals(after, sm.snapshot(SECRET), step + " is not idempotent");
            if (step == RotationStep.CREATE_SECRET)
                SigningKeyJwk.parse(sm.getSecretValue(b -> b.secretId(SECRET).versionId(token)).secretString());
        }
        assertTrue(sm.stages(SECRET).get(token).contains("AWSCURRENT"));
        assertEquals(List.of("AWSPREVIOUS"), sm.stages(SECRET).get(oldVersion));
        SecretsManagerKeys keys = freshKeys();
        assertNotEquals(oldKid, keys.signingKey().getKeyID());
        assertTrue(keys.verificationKey(oldKid).isPresent());

        // Every step, re-run once the version is current, does nothing.
        Map<String, String> done = sm.snapshot(SECRET);
        for (RotationStep step : RotationStep.values()) rotation.run(step, SECRET, token);
        assertEquals(done, sm.snapshot(SECRET));
    }

    @Test
    void afterOneRotationTheFirstKeyStillVerifiesAfterTwoItDoesNot() {
        rotation.initialize(SECRET);
        String first = currentKid();
        String second = sm.getSecretValue(b -> b.secretId(SECRET)).versionId();

        String v2 = rotateAsSecretsManagerDoes();
        assertNotEquals(second, v2);
        assertEquals(32, v2.length());
        assertFalse(sm.stages(SECRET).values().stream().anyMatch(s -> s.contains("AWSPENDING")));
        SecretsManagerKeys afterOne = freshKeys();
        assertTrue(afterOne.verificationKey(first).isPresent());
        assertNotEquals(first, afterOne.signingKey().getKeyID());

        rotateAsSecretsManagerDoes();
        SecretsManagerKeys afterTwo = freshKeys();
        assertTrue(afterTwo.verificationKey(first).isEmpty());
        assertEquals(2, afterTwo.publicKeys().size());
    }

    @Test
    void initializeCreatesTheSecretWithAFirstKey() {
        rotation.initialize(SECRET);
        JWK key = freshKeys().signingKey();
        assertTrue(key.isPrivate());
        Map<String, String> before = sm.snapshot(SECRET);
        rotation.initialize(SECRET);
        assertEquals(before, sm.snapshot(SECRET), "initialize must not replace an existing key");
    }

    @Test
    void initializePutsAFirstKeyIntoAnEmptySecret() {
        sm.createEmpty(SECRET);
        rotation.initialize(SECRET);
        assertEquals(1, sm.stages(SECRET).size());
        assertEquals(List.of("AWSCURRENT"), sm.stages(SECRET).values().iterator().next());
        SigningKeyJwk.probe(freshKeys().signingKey());
    }

    @ParameterizedTest
    @EnumSource(RotationStep.class)
    void aTokenThatIsNotAVersionIsRefused(RotationStep step) {
        rotation.initialize(SECRET);
        assertThrows(IllegalStateException.class, () -> rotation.run(step, SECRET, "not-a-version-of-this-secret-000"));
    }

    @ParameterizedTest
    @EnumSource(RotationStep.class)
    void aVersionThatIsNeitherCurrentNorPendingIsRefused(RotationStep step) {
        rotation.initialize(SECRET);
        String first = sm.stages(SECRET).keySet().iterator().next();
        rotateAsSecretsManagerDoes(); // first is now AWSPREVIOUS only
        assertThrows(IllegalStateException.class, () -> rotation.run(step, SECRET, first));
    }

    @Test
    void testSecretRefusesAPendingValueThatCannotSign() {
        rotation.initialize(SECRET);
        String token = "fedcba9876543210fedcba9876543210";
        sm.putSecretValue(b -> b.secretId(SECRET).clientRequestToken(token).secretString("{\"kty\":\"oct\",\"k\":\"AAAA\"}")
                .versionStages("AWSPENDING"));
        rotation.run(RotationStep.CREATE_SECRET, SECRET, token); // a value is there: createSecret leaves it
        assertThrows(IllegalArgumentException.class, () -> rotation.run(RotationStep.TEST_SECRET, SECRET, token));
    }

    @Test
    void stepsHaveTheirWireNames() {
        assertEquals(RotationStep.CREATE_SECRET, RotationStep.fromWire("createSecret"));
        assertEquals(RotationStep.SET_SECRET, RotationStep.fromWire("setSecret"));
        assertEquals(RotationStep.TEST_SECRET, RotationStep.fromWire("testSecret"));
        assertEquals(RotationStep.FINISH_SECRET, RotationStep.fromWire("finishSecret"));
        assertThrows(IllegalArgumentException.class, () -> RotationStep.fromWire("CREATE_SECRET"));
    }

    /** RotateSecret: a value-less AWSPENDING version, the four steps, then AWSPENDING removed. */
    private String rotateAsSecretsManagerDoes() {
        String token = java.util.HexFormat.of().formatHex(java.util.UUID.randomUUID().toString().getBytes(), 0, 16);
        sm.stagePendingPlaceholder(SECRET, token);
        for (RotationStep step : RotationStep.values()) rotation.run(step, SECRET, token);
        sm.updateSecretVersionStage(b -> b.secretId(SECRET).versionStage("AWSPENDING").removeFromVersionId(token));
        return token;
    }
}
