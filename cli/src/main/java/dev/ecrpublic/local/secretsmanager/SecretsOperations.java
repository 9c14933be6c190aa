package dev.ecrpublic.local.secretsmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import dev.ecrpublic.local.awsjson.AwsServiceEmulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Runs a Secrets Manager operation against the {@link SecretStore}, validating input as the service does. */
final class SecretsOperations {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecretStore store;
    private final ObjectMapper mapper;
    private final String arnPrefix;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SecretsResponses responses;
    private volatile RotationFunction rotation;

    SecretsOperations(SecretStore store, ObjectMapper mapper, String region, Clock clock) {
        this.store = store;
        this.mapper = mapper;
        this.arnPrefix = "arn:aws:secretsmanager:" + region + ":" + AwsServiceEmulator.ACCOUNT_ID + ":secret:";
        this.clock = clock;
        this.responses = new SecretsResponses(mapper);
    }

    ObjectNode invoke(SecretsOperation operation, AwsJsonRequest request) {
        return switch (operation) {
            case CREATE_SECRET -> createSecret(request);
            case GET_SECRET_VALUE -> getSecretValue(request);
            case PUT_SECRET_VALUE -> putSecretValue(request);
            case DESCRIBE_SECRET -> responses.describe(find(request));
            case UPDATE_SECRET_VERSION_STAGE -> updateSecretVersionStage(request);
            case LIST_SECRET_VERSION_IDS -> responses.versions(find(request), request);
            case ROTATE_SECRET -> rotateSecret(request);
        };
    }

    /** The in-process stand-in for the secret's rotation Lambda; without one, RotateSecret is refused. */
    void rotateWith(RotationFunction function) {
        this.rotation = function;
    }

    /**
     * As the service does: a new version without a value, staged AWSPENDING, then the four steps of the rotation
     * function for it, then AWSPENDING removed. Real Secrets Manager runs the steps after answering; here they run
     * before, so that a failed rotation is reported to the caller, and AWSPENDING stays on the version as it does.
     */
    private ObjectNode rotateSecret(AwsJsonRequest request) {
        RotationFunction function = rotation;
        if (function == null)
            throw new SecretsError(SecretsError.Type.INVALID_REQUEST, "No Lambda rotation function ARN is "
                    + "associated with this secret.");
        String name = find(request).name();
        String token = token(request);
        StoredSecret secret = store.update(name, existing -> {
            StoredSecret current = existing.orElseThrow(SecretsError::secretNotFound);
            Optional<SecretVersion> pending = current.staged(StoredSecret.PENDING);
            if (pending.isPresent() && !pending.get().id().equals(token))
                throw new SecretsError(SecretsError.Type.INVALID_REQUEST,
                        "A previous rotation isn't complete. That rotation will be reattempted.");
            if (current.version(token).isPresent()) return existing;
            return Optional.of(current.withVersion(new SecretVersion(token, Optional.empty(), Optional.empty(),
                    List.of(), clock.instant()), List.of(StoredSecret.PENDING), clock.instant()));
        });
        for (String step : List.of("createSecret", "setSecret", "testSecret", "finishSecret")) {
            try {
                function.step(secret.arn(), token, step);
            } catch (RuntimeException e) {
                throw new SecretsError(SecretsError.Type.INVALID_REQUEST,
                        "The rotation function failed at step " + step + ": " + e.getMessage());
            }
        }
        store.update(name, existing -> existing.map(s -> s.version(token).filter(v -> v.hasStage(StoredSecret.PENDING))
                .isPresent() ? s.updateStage(StoredSecret.PENDING, Optional.empty(), Optional.of(token), clock.instant()) : s));
        return mapper.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name()).put("VersionId", token);
    }

    /** Creating a secret that exists fails, unless it is a retry: the same token with the same value. */
    private ObjectNode createSecret(AwsJsonRequest request) {
        String name = request.requiredString("Name");
        if (!NAME.matcher(name).matches())
            throw SecretsError.invalidParameter("Invalid name. Must be a valid name containing alphanumeric "
                    + "characters, or any of the following: -/_+=.@!");
        Optional<String> string = bounded(request, "SecretString", 0, 65536);
        Optional<String> binary = binary(request);
        String token = token(request);
        StoredSecret secret = store.update(name, existing -> {
            if (existing.isPresent()) {
                boolean retry = (string.isPresent() || binary.isPresent()) && existing.get().version(token)
                        .filter(v -> v.sameValue(string, binary)).isPresent();
                if (retry) return existing;
                throw new SecretsError(SecretsError.Type.RESOURCE_EXISTS,
                        "The operation failed because the secret " + name + " already exists.");
            }
            StoredSecret created = new StoredSecret(name, arnPrefix + name + "-" + suffix(),
                    request.string("Description"), clock.instant(), clock.instant(), List.of());
            if (string.isEmpty() && binary.isEmpty()) return Optional.of(created);
            return Optional.of(created.withVersion(new SecretVersion(token, string, binary, List.of(), clock.instant()),
                    List.of(StoredSecret.CURRENT), clock.instant()));
        });
        ObjectNode response = mapper.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
        secret.version(token).ifPresent(v -> response.put("VersionId", v.id()));
        return response;
    }

    private ObjectNode getSecretValue(AwsJsonRequest request) {
        StoredSecret secret = find(request);
        Optional<String> versionId = bounded(request, "VersionId", 32, 64);
        Optional<String> stage = bounded(request, "VersionStage", 1, 256);
        SecretVersion version;
        if (versionId.isPresent()) {
            version = secret.version(versionId.get()).orElseThrow(() -> SecretsError.versionNotFound(versionId.get()));
            if (stage.isPresent() && !version.hasStage(stage.get()))
                throw new SecretsError(SecretsError.Type.INVALID_REQUEST,
                        "You provided a VersionStage that is not associated to the provided VersionId.");
        } else {
            String label = stage.orElse(StoredSecret.CURRENT);
            version = secret.staged(label).orElseThrow(() -> SecretsError.stageNotFound(label));
        }
        return responses.value(secret, version);
    }

    /** A new version, staged AWSCURRENT unless told otherwise; re-sending a token with its value changes nothing. */
    private ObjectNode putSecretValue(AwsJsonRequest request) {
        String name = find(request).name();
        Optional<String> string = bounded(request, "SecretString", 0, 65536);
        Optional<String> binary = binary(request);
        if (string.isEmpty() == binary.isEmpty())
            throw SecretsError.invalidParameter("You must provide either SecretString or SecretBinary.");
        String token = token(request);
        List<String> stages = stages(request).orElse(List.of(StoredSecret.CURRENT));
        StoredSecret secret = store.update(name, existing -> {
            StoredSecret current = existing.orElseThrow(SecretsError::secretNotFound);
            Optional<SecretVersion> same = current.version(token);
            if (same.isPresent()) {
                if (!same.get().hasValue())
                    return Optional.of(current.withValue(token, string, binary, stages, clock.instant()));
                if (same.get().sameValue(string, binary)) return existing;
                throw new SecretsError(SecretsError.Type.RESOURCE_EXISTS,
                        "You can't modify an existing version, you can only create a new version.");
            }
            return Optional.of(current.withVersion(
                    new SecretVersion(token, string, binary, List.of(), clock.instant()), stages, clock.instant()));
        });
        SecretVersion version = secret.version(token).orElseThrow();
        ObjectNode response = mapper.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name())
                .put("VersionId", version.id());
        version.stages().forEach(response.putArray("VersionStages")::add);
        return response;
    }

    private ObjectNode updateSecretVersionStage(AwsJsonRequest request) {
        String name = find(request).name();
        String stage = bounded(request, "VersionStage", 1, 256)
                .orElseThrow(() -> AwsJsonError.invalidParameter("VersionStage", "must not be null"));
        Optional<String> moveTo = bounded(request, "MoveToVersionId", 32, 64);
        Optional<String> removeFrom = bounded(request, "RemoveFromVersionId", 32, 64);
        StoredSecret secret = store.update(name, existing -> Optional.of(existing.orElseThrow(SecretsError::secretNotFound)
                .updateStage(stage, moveTo, removeFrom, clock.instant())));
        return mapper.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
    }

    /** SecretId is a name, a full ARN, or an ARN without the random suffix, as the service accepts. */
    private StoredSecret find(AwsJsonRequest request) {
        String id = bounded(request, "SecretId", 1, 2048)
                .orElseThrow(() -> AwsJsonError.invalidParameter("SecretId", "must not be null"));
        if (!id.startsWith("arn:")) return store.read(id).orElseThrow(SecretsError::secretNotFound);
        if (!id.startsWith(arnPrefix)) throw SecretsError.secretNotFound();
        String rest = id.substring(arnPrefix.length());
        if (rest.length() > 7 && rest.charAt(rest.length() - 7) == '-') {
            Optional<StoredSecret> full = store.read(rest.substring(0, rest.length() - 7)).filter(s -> s.arn().equals(id));
            if (full.isPresent()) return full.get();
        }
        return store.read(rest).orElseThrow(SecretsError::secretNotFound);
    }

    /** The SDK always sends a token (it is an idempotency token in the model); a bare HTTP client may not. */
    private static String token(AwsJsonRequest request) {
        return bounded(request, "ClientRequestToken", 32, 64).orElseGet(() -> UUID.randomUUID().toString());
    }

    private static Optional<List<String>> stages(AwsJsonRequest request) {
        Optional<List<String>> stages = request.strings("VersionStages", 1, 20);
        stages.ifPresent(list -> list.forEach(stage -> {
            if (stage.isEmpty() || stage.length() > 256)
                throw AwsJsonError.invalidParameter("VersionStages", "Member must have length between 1 and 256");
        }));
        return stages.map(list -> list.stream().distinct().toList());
    }

    /** SecretBinary travels as base64 text; it is kept as such and must at least decode. */
    private static Optional<String> binary(AwsJsonRequest request) {
        Optional<String> binary = request.string("SecretBinary");
        binary.ifPresent(b -> {
            try {
                Base64.getDecoder().decode(b.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw AwsJsonError.serialization("'SecretBinary' must be base64");
            }
        });
        return binary;
    }

    private static Optional<String> bounded(AwsJsonRequest request, String field, int min, int max) {
        Optional<String> value = request.string(field);
        value.ifPresent(v -> {
            if (v.length() < min)
                throw AwsJsonError.invalidParameter(field, "Member must have length greater than or equal to " + min);
            if (v.length() > max)
                throw AwsJsonError.invalidParameter(field, "Member must have length less than or equal to " + max);
        });
        return value;
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        return suffix.toString();
    }
}
