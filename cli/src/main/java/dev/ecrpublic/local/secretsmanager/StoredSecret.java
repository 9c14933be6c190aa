package dev.ecrpublic.local.secretsmanager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret with all its versions, and the staging-label rules Secrets Manager enforces: a label sits on at most one
 * version, and whenever AWSCURRENT moves, AWSPREVIOUS follows it to the version that held it. Versions keep their
 * creation order.
 */
record StoredSecret(String name, String arn, Optional<String> description, Instant created, Instant lastChanged,
                    List<SecretVersion> versions) {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";

    StoredSecret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(description, "description");
        versions = List.copyOf(versions);
    }

    Optional<SecretVersion> version(String id) {
        return versions.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    Optional<SecretVersion> staged(String stage) {
        return versions.stream().filter(v -> v.hasStage(stage)).findFirst();
    }

    /** A new version, unlabelled until each of {@code stages} is moved onto it. */
    StoredSecret withVersion(SecretVersion version, List<String> stages, Instant now) {
        List<SecretVersion> all = new ArrayList<>(versions);
        all.add(version.withStages(List.of()));
        StoredSecret secret = new StoredSecret(name, arn, description, created, now, all);
        for (String stage : stages) secret = secret.moveStage(stage, version.id(), now);
        return secret;
    }

    /**
     * The value of a version RotateSecret created empty, put by the rotation function's createSecret step with the
     * same ClientRequestToken; the version keeps its labels and gains {@code stages}.
     */
    StoredSecret withValue(String id, Optional<String> string, Optional<String> binary, List<String> stages,
                           Instant now) {
        List<SecretVersion> all = versions.stream().map(v -> v.id().equals(id)
                ? new SecretVersion(id, string, binary, v.stages(), v.created()) : v).toList();
        StoredSecret secret = new StoredSecret(name, arn, description, created, now, all);
        for (String stage : stages) secret = secret.moveStage(stage, id, now);
        return secret;
    }

    /**
     * UpdateSecretVersionStage, validated as the service does: the version to remove the label from must hold it, and
     * a label held by another version can only move if the request names that version as the one to take it from.
     */
    StoredSecret updateStage(String stage, Optional<String> moveTo, Optional<String> removeFrom, Instant now) {
        moveTo.ifPresent(id -> version(id).orElseThrow(() -> SecretsError.versionNotFound(id)));
        if (removeFrom.isPresent()) {
            SecretVersion from = version(removeFrom.get()).orElseThrow(() -> SecretsError.versionNotFound(removeFrom.get()));
            if (!from.hasStage(stage))
                throw SecretsError.invalidParameter("The staging label " + stage + " is not attached to version "
                        + from.id() + ", so it can't be removed from it.");
        }
        if (moveTo.isEmpty()) {
            if (removeFrom.isEmpty())
                throw SecretsError.invalidParameter("You must specify MoveToVersionId or RemoveFromVersionId.");
            if (stage.equals(CURRENT))
                throw SecretsError.invalidParameter("You can't remove the staging label AWSCURRENT without moving it "
                        + "to another version with MoveToVersionId.");
            return withoutStage(stage, removeFrom.get(), now);
        }
        Optional<SecretVersion> holder = staged(stage);
        if (holder.isPresent() && !holder.get().id().equals(moveTo.get())
                && !removeFrom.equals(Optional.of(holder.get().id())))
            throw SecretsError.invalidParameter("The staging label " + stage + " is currently attached to version "
                    + holder.get().id() + ". To move it, specify that version in RemoveFromVersionId.");
        return moveStage(stage, moveTo.get(), now);
    }

    /** Attaches {@code stage} to version {@code to} alone; moving AWSCURRENT also moves AWSPREVIOUS to its old holder. */
    private StoredSecret moveStage(String stage, String to, Instant now) {
        Optional<String> oldHolder = staged(stage).map(SecretVersion::id);
        if (oldHolder.equals(Optional.of(to))) return this;
        StoredSecret moved = relabel(stage, Optional.of(to), now);
        if (stage.equals(CURRENT) && oldHolder.isPresent()) moved = moved.relabel(PREVIOUS, oldHolder, now);
        return moved;
    }

    private StoredSecret withoutStage(String stage, String from, Instant now) {
        return version(from).filter(v -> v.hasStage(stage)).isPresent() ? relabel(stage, Optional.empty(), now) : this;
    }

    /** Takes {@code stage} off every version, then puts it on {@code onto} if given. */
    private StoredSecret relabel(String stage, Optional<String> onto, Instant now) {
        List<SecretVersion> all = versions.stream().map(v -> {
            List<String> stages = new ArrayList<>(v.stages());
            stages.remove(stage);
            if (onto.equals(Optional.of(v.id()))) stages.add(stage);
            return v.withStages(stages);
        }).toList();
        return new StoredSecret(name, arn, description, created, now, all);
    }
}
