package dev.ecrpublic.keys;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static dev.ecrpublic.keys.SecretVersions.CURRENT;
import static dev.ecrpublic.keys.SecretVersions.PENDING;
import static dev.ecrpublic.keys.SecretVersions.versionWithStage;

/**
 * Rotates the signing key with Secrets Manager's four steps, as AWS's rotation templates do, without Lambda types
 * (the rotation handler and {@code keys rotate} share it). Every step may be retried: each checks the staging labels
 * first and does nothing when its work is already done. Failures throw, so Secrets Manager marks the rotation failed.
 */
public final class KeyRotation {
    private final SecretsManagerClient sm;
    private final SecureRandom random;

    public KeyRotation(SecretsManagerClient sm, SecureRandom random) {
        this.sm = Objects.requireNonNull(sm);
        this.random = Objects.requireNonNull(random);
    }

    public void run(RotationStep step, String secretId, String clientRequestToken) {
        SecretVersions secret = new SecretVersions(sm, secretId);
        Map<String, List<String>> stages = secret.stages();
        List<String> tokenStages = stages.get(clientRequestToken);
        if (tokenStages == null)
            throw new IllegalStateException("version " + clientRequestToken + " is not a version of " + secretId);
        if (tokenStages.contains(CURRENT)) return; // a retried step after finishSecret: nothing left to do
        if (!tokenStages.contains(PENDING))
            throw new IllegalStateException("version " + clientRequestToken + " of " + secretId + " is not AWSPENDING");
        switch (step) {
            case CREATE_SECRET -> createPending(secret, clientRequestToken);
            case SET_SECRET -> { } // no downstream system holds the key: verifiers read it from the secret
            case TEST_SECRET -> SigningKeyJwk.probe(SigningKeyJwk.parse(secret.value(clientRequestToken)));
            case FINISH_SECRET -> {
                Optional<String> current = versionWithStage(stages, CURRENT);
                // Secrets Manager moves AWSPREVIOUS to the old current version itself.
                sm.updateSecretVersionStage(b -> {
                    b.secretId(secretId).versionStage(CURRENT).moveToVersionId(clientRequestToken);
                    current.ifPresent(b::removeFromVersionId);
                });
            }
        }
    }

    /** Gives a secret its first key as AWSCURRENT, creating the secret if needed; a no-op when it has one. */
    public void initialize(String secretId) {
        Map<String, List<String>> stages;
        try {
            stages = new SecretVersions(sm, secretId).stages();
        } catch (ResourceNotFoundException e) {
            String key = SigningKeyJwk.generate(random).toJSONString();
            sm.createSecret(b -> b.name(secretId).clientRequestToken(newToken()).secretString(key)
                    .description("ecr-public token signing keys (private JWK per version)"));
            return;
        }
        if (versionWithStage(stages, CURRENT).isPresent()) return;
        String key = SigningKeyJwk.generate(random).toJSONString();
        sm.putSecretValue(b -> b.secretId(secretId).clientRequestToken(newToken()).secretString(key)
                .versionStages(CURRENT));
    }

    /** Stores a new key under the token unless that version already holds a value (a retried createSecret). */
    private void createPending(SecretVersions secret, String token) {
        try {
            if (secret.value(token) != null) return;
        } catch (ResourceNotFoundException e) {
            // no value under this token yet: create it below
        }
        String key = SigningKeyJwk.generate(random).toJSONString();
        sm.putSecretValue(b -> b.secretId(secret.secretId()).clientRequestToken(token).secretString(key)
                .versionStages(PENDING));
    }

    /** 32 hex characters: the shortest ClientRequestToken Secrets Manager accepts. */
    private String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
