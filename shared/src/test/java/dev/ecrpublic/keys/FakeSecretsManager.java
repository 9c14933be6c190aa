package dev.ecrpublic.keys;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory Secrets Manager: the five calls keys and rotation make, with the staging-label rules the real service
 * applies (a label is on one version at most; moving AWSCURRENT puts AWSPREVIOUS on the old current version).
 */
public final class FakeSecretsManager implements SecretsManagerClient {
    private static final String CURRENT = "AWSCURRENT";
    private static final String PREVIOUS = "AWSPREVIOUS";

    private static final class Version {
        String value;
        final Set<String> stages = new LinkedHashSet<>();
    }

    private final Map<String, Map<String, Version>> secrets = new LinkedHashMap<>();
    public final AtomicInteger describeCalls = new AtomicInteger();
    public volatile boolean outage;

    private synchronized Map<String, Version> secret(String id) {
        if (outage) throw SdkClientException.create("emulated outage");
        Map<String, Version> s = secrets.get(id);
        if (s == null) throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
        return s;
    }

    /** An existing secret with no versions (as after CreateSecret without a value). */
    public synchronized void createEmpty(String id) {
        secrets.put(id, new LinkedHashMap<>());
    }

    /** What RotateSecret does before calling createSecret: a version staged AWSPENDING that has no value yet. */
    public synchronized void stagePendingPlaceholder(String id, String token) {
        Map<String, Version> s = secret(id);
        s.values().forEach(v -> v.stages.remove("AWSPENDING"));
        s.computeIfAbsent(token, t -> new Version()).stages.add("AWSPENDING");
    }

    /** Versions -> value and stages, to compare before and after a re-run. */
    public synchronized Map<String, String> snapshot(String id) {
        Map<String, String> out = new LinkedHashMap<>();
        secrets.get(id).forEach((vid, v) -> out.put(vid, v.stages + " " + (v.value == null ? "-" : v.value.hashCode())));
        return out;
    }

    public synchronized Map<String, List<String>> stages(String id) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        secrets.get(id).forEach((vid, v) -> { if (!v.stages.isEmpty()) out.put(vid, List.copyOf(v.stages)); });
        return out;
    }

    @Override
    public synchronized DescribeSecretResponse describeSecret(DescribeSecretRequest r) {
        describeCalls.incrementAndGet();
        secret(r.secretId());
        return DescribeSecretResponse.builder().name(r.secretId()).versionIdsToStages(stages(r.secretId())).build();
    }

    @Override
    public synchronized GetSecretValueResponse getSecretValue(GetSecretValueRequest r) {
        Map<String, Version> s = secret(r.secretId());
        String stage = r.versionStage() != null ? r.versionStage() : r.versionId() == null ? CURRENT : null;
        Version v = null;
        String id = r.versionId();
        if (id != null) v = s.get(id);
        else for (Map.Entry<String, Version> e : s.entrySet())
            if (e.getValue().stages.contains(stage)) { v = e.getValue(); id = e.getKey(); }
        if (v == null || v.value == null || (stage != null && !v.stages.contains(stage)))
            throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret value").build();
        return GetSecretValueResponse.builder().name(r.secretId()).versionId(id).secretString(v.value)
                .versionStages(List.copyOf(v.stages)).build();
    }

    @Override
    public synchronized PutSecretValueResponse putSecretValue(PutSecretValueRequest r) {
        Map<String, Version> s = secret(r.secretId());
        Version v = s.get(r.clientRequestToken());
        if (v != null && v.value != null && !v.value.equals(r.secretString()))
            throw ResourceExistsException.builder().message("version exists with another value").build();
        if (v == null) s.put(r.clientRequestToken(), v = new Version());
        v.value = r.secretString();
        List<String> stages = r.hasVersionStages() ? r.versionStages() : List.of(CURRENT);
        for (String stage : stages) attach(s, stage, r.clientRequestToken());
        return PutSecretValueResponse.builder().versionId(r.clientRequestToken()).versionStages(List.copyOf(v.stages)).build();
    }

    @Override
    public synchronized UpdateSecretVersionStageResponse updateSecretVersionStage(UpdateSecretVersionStageRequest r) {
        Map<String, Version> s = secret(r.secretId());
        String stage = r.versionStage();
        for (Map.Entry<String, Version> e : s.entrySet())
            if (e.getValue().stages.contains(stage) && !e.getKey().equals(r.removeFromVersionId())
                    && !e.getKey().equals(r.moveToVersionId()))
                throw InvalidParameterException.builder().message(stage + " is attached to " + e.getKey()).build();
        if (r.removeFromVersionId() != null) {
            Version from = s.get(r.removeFromVersionId());
            if (from == null || !from.stages.contains(stage))
                throw InvalidParameterException.builder().message(stage + " is not on " + r.removeFromVersionId()).build();
            from.stages.remove(stage);
            if (stage.equals(CURRENT)) { // the service keeps the version it replaced as AWSPREVIOUS
                s.values().forEach(v -> v.stages.remove(PREVIOUS));
                from.stages.add(PREVIOUS);
            }
        }
        if (r.moveToVersionId() != null) attach(s, stage, r.moveToVersionId());
        return UpdateSecretVersionStageResponse.builder().name(r.secretId()).build();
    }

    @Override
    public synchronized CreateSecretResponse createSecret(CreateSecretRequest r) {
        if (outage) throw SdkClientException.create("emulated outage");
        if (secrets.containsKey(r.name())) throw ResourceExistsException.builder().message("exists").build();
        Map<String, Version> s = new LinkedHashMap<>();
        secrets.put(r.name(), s);
        if (r.secretString() != null) {
            Version v = new Version();
            v.value = r.secretString();
            v.stages.add(CURRENT);
            s.put(r.clientRequestToken(), v);
        }
        return CreateSecretResponse.builder().name(r.name()).versionId(r.clientRequestToken()).build();
    }

    /** Attaches a label to one version, taking it off any other; AWSCURRENT leaves AWSPREVIOUS behind. */
    private static void attach(Map<String, Version> s, String stage, String versionId) {
        Version target = s.get(versionId);
        if (target == null) throw InvalidParameterException.builder().message("no version " + versionId).build();
        for (Map.Entry<String, Version> e : new ArrayList<>(s.entrySet())) {
            if (e.getKey().equals(versionId) || !e.getValue().stages.remove(stage)) continue;
            if (stage.equals(CURRENT)) {
                s.values().forEach(v -> v.stages.remove(PREVIOUS));
                e.getValue().stages.add(PREVIOUS);
            }
        }
        target.stages.add(stage);
    }

    @Override
    public String serviceName() {
        return "secretsmanager";
    }

    @Override
    public void close() {
    }
}
