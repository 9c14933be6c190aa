package dev.ecrpublic.local.secretsmanager;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a secret: its value (a string, or binary as the base64 text the protocol carries) and the staging
 * labels attached to it. A version without labels is deprecated: kept, but listed only on request.
 */
record SecretVersion(String id, Optional<String> secretString, Optional<String> secretBinary, List<String> stages,
                     Instant created) {
    SecretVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretString, "secretString");
        Objects.requireNonNull(secretBinary, "secretBinary");
        stages = List.copyOf(stages);
        Objects.requireNonNull(created, "created");
    }

    boolean hasStage(String stage) {
        return stages.contains(stage);
    }

    /** Only a version RotateSecret created and no createSecret step has filled yet. */
    boolean hasValue() {
        return secretString.isPresent() || secretBinary.isPresent();
    }

    boolean deprecated() {
        return stages.isEmpty();
    }

    /** What decides whether re-sending a ClientRequestToken is a harmless retry or a conflicting change. */
    boolean sameValue(Optional<String> string, Optional<String> binary) {
        return secretString.equals(string) && secretBinary.equals(binary);
    }

    SecretVersion withStages(List<String> newStages) {
        return new SecretVersion(id, secretString, secretBinary, newStages, created);
    }

    @Override
    public String toString() {
        return "SecretVersion[id=" + id + ", value=***, stages=" + stages + ", created=" + created + "]";
    }
}
