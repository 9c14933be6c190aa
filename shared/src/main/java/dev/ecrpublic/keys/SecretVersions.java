package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;
import dev.ecrpublic.log.LogLine;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads the staged versions of the signing-key secret (the Secrets Manager half of {@link SecretsManagerKeys}). */
record SecretVersions(SecretsManagerClient sm, String secretId) {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";

    /** The version id carrying this staging label, if any. */
    static Optional<String> versionWithStage(Map<String, List<String>> versionIdsToStages, String stage) {
        return versionIdsToStages.entrySet().stream().filter(e -> e.getValue().contains(stage))
                .map(Map.Entry::getKey).findFirst();
    }

    Map<String, List<String>> stages() {
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(secretId));
        return d.versionIdsToStages();
    }

    String value(String versionId) {
        return sm.getSecretValue(b -> b.secretId(secretId).versionId(versionId)).secretString();
    }

    /**
     * AWSCURRENT must parse (it signs). A previous or pending version that does not parse is left out with a warning:
     * it must not stop signing, and a key nobody can parse verifies nothing anyway. A version staged without a value
     * yet (mid-rotation) is skipped too.
     */
    LoadedKeys load(Consumer<String> log) {
        Map<String, List<String>> stages = stages();
        String currentVersion = versionWithStage(stages, CURRENT)
                .orElseThrow(() -> new IllegalStateException("secret has no AWSCURRENT version"));
        String currentValue = value(currentVersion);
        if (SigningKeyJwk.UNSET.equals(currentValue.trim()))
            throw new IllegalStateException("the signing-key secret has no key yet: its first rotation has not run");
        JWK current = SigningKeyJwk.parse(currentValue);
        List<JWK> others = new ArrayList<>();
        for (String stage : List.of(PREVIOUS, PENDING)) {
            Optional<String> version = versionWithStage(stages, stage).filter(v -> !v.equals(currentVersion));
            if (version.isEmpty()) continue;
            try {
                String value = value(version.get());
                // The template's placeholder, AWSPREVIOUS after the first rotation: not a key, nothing to warn about.
                if (SigningKeyJwk.UNSET.equals(value.trim())) continue;
                others.add(SigningKeyJwk.parse(value));
            } catch (ResourceNotFoundException e) {
                // A rotation has staged AWSPENDING but createSecret has not stored its value yet: nothing to verify.
            } catch (IllegalArgumentException e) {
                LogLine.warn("signing key version skipped").with("secretId", secretId).with("stage", stage)
                        .with("versionId", version.get()).with("error", e.getMessage()).writeTo(log);
            }
        }
        return LoadedKeys.of(current, others);
    }
}
