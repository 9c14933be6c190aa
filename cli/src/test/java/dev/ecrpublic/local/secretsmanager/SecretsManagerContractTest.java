package dev.ecrpublic.local.secretsmanager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What signing-key rotation and issued credentials rely on Secrets Manager to do, asserted once and run against every
 * implementation we test with: the embedded emulator always, LocalStack where Docker can run it. Each test works on
 * its own secret, so one service instance serves the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecretsManagerContractTest {
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";

    private SecretsManagerClient sm;
    /** Why the service cannot run here, or null: every test then reports itself skipped with this reason. */
    private String unavailable;

    /** Starts the service (or aborts the class, saying why it cannot run here) and returns its endpoint. */
    abstract URI start() throws Exception;

    abstract void stop();

    @BeforeAll
    void connect() throws Exception {
        try {
            sm = client(start());
        } catch (TestAbortedException e) {
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    void requireService() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterAll
    void disconnect() {
        if (sm != null) sm.close();
        stop();
    }

    static SecretsManagerClient client(URI endpoint) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void createdValueIsCurrentAndReadableByNameAndArn() {
        String name = uniqueName();
        String v1 = token();
        CreateSecretResponse created = sm.createSecret(r -> r.name(name).secretString("one").clientRequestToken(v1));

        assertEquals(name, created.name());
        assertEquals(v1, created.versionId());
        assertTrue(created.arn().matches("arn:aws:secretsmanager:us-east-1:\\d{12}:secret:" + name + "-[A-Za-z0-9]{6}"),
                created.arn());
        for (String id : List.of(name, created.arn())) {
            GetSecretValueResponse value = sm.getSecretValue(r -> r.secretId(id));
            assertEquals("one", value.secretString());
            assertEquals(v1, value.versionId());
            assertEquals(List.of(CURRENT), value.versionStages());
            assertEquals(created.arn(), value.arn());
        }
    }

    @Test
    void putWithStagesIsReadableByStageAndByVersion() {
        String name = uniqueName();
        String v1 = token();
        String v2 = token();
        sm.createSecret(r -> r.name(name).secretString("one").clientRequestToken(v1));
        PutSecretValueResponse put = sm.putSecretValue(r -> r.secretId(name).secretString("two")
                .clientRequestToken(v2).versionStages(PENDING));

        assertEquals(v2, put.versionId());
        assertEquals(List.of(PENDING), put.versionStages());
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name).versionStage(PENDING)).secretString());
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name).versionId(v2)).secretString());
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name).versionId(v2).versionStage(PENDING)).secretString());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(name)).secretString());
        assertEquals(Map.of(v1, Set.of(CURRENT), v2, Set.of(PENDING)), stages(name));
    }

    @Test
    void describeReportsNameArnAndStagedVersions() {
        String name = uniqueName();
        String v1 = token();
        CreateSecretResponse created = sm.createSecret(r -> r.name(name).secretString("one").clientRequestToken(v1));

        DescribeSecretResponse described = sm.describeSecret(r -> r.secretId(created.arn()));
        assertEquals(name, described.name());
        assertEquals(created.arn(), described.arn());
        assertNotEquals(Boolean.TRUE, described.rotationEnabled());
        assertEquals(Map.of(v1, List.of(CURRENT)), described.versionIdsToStages());
    }

    @Test
    void puttingANewCurrentMovesPreviousAlong() {
        String name = uniqueName();
        String v1 = token();
        String v2 = token();
        String v3 = token();
        sm.createSecret(r -> r.name(name).secretString("one").clientRequestToken(v1));
        sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(v2));
        assertEquals(Map.of(v1, Set.of(PREVIOUS), v2, Set.of(CURRENT)), stages(name));

        sm.putSecretValue(r -> r.secretId(name).secretString("three").clientRequestToken(v3));
        assertEquals(Map.of(v2, Set.of(PREVIOUS), v3, Set.of(CURRENT)), stages(name));
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name).versionStage(PREVIOUS)).secretString());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(name).versionId(v1)).secretString(),
                "a version without labels is deprecated, not deleted");
    }

    /** The rotation's finishSecret step, then the cleanup Secrets Manager does when rotation completes. */
    @Test
    void movingCurrentAsRotationFinishesMovesPreviousToTheOldVersion() {
        String name = uniqueName();
        String v1 = token();
        String v2 = token();
        sm.createSecret(r -> r.name(name).secretString("one").clientRequestToken(v1));
        sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(v2).versionStages(PENDING));

        sm.updateSecretVersionStage(r -> r.secretId(name).versionStage(CURRENT).moveToVersionId(v2)
                .removeFromVersionId(v1));
        assertEquals(Map.of(v1, Set.of(PREVIOUS), v2, Set.of(CURRENT, PENDING)), stages(name));

        sm.updateSecretVersionStage(r -> r.secretId(name).versionStage(PENDING).removeFromVersionId(v2));
        assertEquals(Map.of(v1, Set.of(PREVIOUS), v2, Set.of(CURRENT)), stages(name));
        assertEquals("two", sm.getSecretValue(r -> r.secretId(name)).secretString());
        assertEquals("one", sm.getSecretValue(r -> r.secretId(name).versionStage(PREVIOUS)).secretString());
    }

    @Test
    void reputtingTheSameTokenAndValueIsARetry() {
        String name = uniqueName();
        String v1 = token();
        String v2 = token();
        sm.createSecret(r -> r.name(name).secretString("one").clientRequestToken(v1));
        sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(v2));
        PutSecretValueResponse again = sm.putSecretValue(r -> r.secretId(name).secretString("two").clientRequestToken(v2));

        assertEquals(v2, again.versionId());
        assertEquals(Map.of(v1, Set.of(PREVIOUS), v2, Set.of(CURRENT)), stages(name));
    }

    @Test
    void missingSecretsAndStagesAreNotFound() {
        String name = uniqueName();
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(name)));
        assertThrows(ResourceNotFoundException.class, () -> sm.describeSecret(r -> r.secretId(name)));
        sm.createSecret(r -> r.name(name).secretString("one"));
        assertThrows(ResourceNotFoundException.class,
                () -> sm.getSecretValue(r -> r.secretId(name).versionStage(PENDING)));
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(name).versionId(token())));
    }

    /** Version id to its labels, from DescribeSecret, as sets: the service keeps labels in no documented order. */
    Map<String, Set<String>> stages(String secretId) {
        Map<String, Set<String>> stages = new HashMap<>();
        sm.describeSecret(r -> r.secretId(secretId)).versionIdsToStages()
                .forEach((version, labels) -> stages.put(version, new HashSet<>(labels)));
        return stages;
    }

    static String uniqueName() {
        return "contract/" + UUID.randomUUID();
    }

    static String token() {
        return UUID.randomUUID().toString();
    }
}
