package dev.ecrpublic.local.secretsmanager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ecrpublic.local.secretsmanager.SecretsManagerContractTest.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RotateSecret as the service runs it, with an in-process function standing in for the rotation Lambda. */
class SecretsManagerRotationTest {
    private static final String NAME = "ecr-public/rotated";

    @TempDir
    Path state;
    private SecretsManagerEmulator emulator;
    private SecretsManagerClient sm;
    private String first;

    @BeforeEach
    void start() throws IOException {
        emulator = SecretsManagerEmulator.start(state, "eu-west-1");
        sm = client(emulator.endpoint());
        first = sm.createSecret(r -> r.name(NAME).secretString("v1")).versionId();
    }

    @AfterEach
    void stop() {
        sm.close();
        emulator.close();
    }

    Map<String, List<String>> stages() {
        return sm.describeSecret(r -> r.secretId(NAME)).versionIdsToStages();
    }

    /** A function doing what a rotation Lambda does, recording the steps and what it saw. */
    List<String> rotateWithAWellBehavedFunction() {
        List<String> seen = new ArrayList<>();
        emulator.rotateWith((arn, token, step) -> {
            seen.add(step);
            switch (step) {
                case "createSecret" -> {
                    assertTrue(stages().get(token).contains("AWSPENDING"), "the version exists, staged, before createSecret");
                    assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(arn).versionId(token)),
                            "it has no value yet");
                    sm.putSecretValue(r -> r.secretId(arn).clientRequestToken(token).secretString("v2").versionStages("AWSPENDING"));
                }
                case "finishSecret" -> sm.updateSecretVersionStage(r -> r.secretId(arn).versionStage("AWSCURRENT")
                        .moveToVersionId(token).removeFromVersionId(first));
                default -> { }
            }
        });
        return seen;
    }

    @Test
    void withoutARotationFunctionRotateSecretIsRefused() {
        assertThrows(InvalidRequestException.class, () -> sm.rotateSecret(r -> r.secretId(NAME)));
        assertEquals(Map.of(first, List.of("AWSCURRENT")), stages());
    }

    @Test
    void runsTheFourStepsThenLeavesTheNewVersionCurrentWithoutPending() {
        List<String> seen = rotateWithAWellBehavedFunction();
        String version = sm.rotateSecret(r -> r.secretId(NAME)).versionId();
        assertEquals(List.of("createSecret", "setSecret", "testSecret", "finishSecret"), seen);
        assertEquals(Map.of(version, List.of("AWSCURRENT"), first, List.of("AWSPREVIOUS")), stages());
        assertEquals("v2", sm.getSecretValue(r -> r.secretId(NAME)).secretString());
    }

    @Test
    void aFailedStepIsReportedAndLeavesThePendingVersionForTheRetry() {
        emulator.rotateWith((arn, token, step) -> {
            if (step.equals("testSecret")) throw new IllegalStateException("probe failed");
            if (step.equals("createSecret"))
                sm.putSecretValue(r -> r.secretId(arn).clientRequestToken(token).secretString("bad").versionStages("AWSPENDING"));
        });
        InvalidRequestException failed = assertThrows(InvalidRequestException.class, () -> sm.rotateSecret(r -> r.secretId(NAME)));
        assertTrue(failed.getMessage().contains("testSecret"), failed.getMessage());
        String pending = stages().entrySet().stream().filter(e -> e.getValue().contains("AWSPENDING")).findFirst().orElseThrow().getKey();
        assertEquals("v1", sm.getSecretValue(r -> r.secretId(NAME)).secretString(), "AWSCURRENT did not move");

        assertThrows(InvalidRequestException.class, () -> sm.rotateSecret(r -> r.secretId(NAME)),
                "another rotation while one is unfinished is refused");
        // The retry's createSecret finds a value under the token and keeps it, as rotation functions do.
        emulator.rotateWith((arn, token, step) -> {
            if (step.equals("finishSecret")) sm.updateSecretVersionStage(r -> r.secretId(arn).versionStage("AWSCURRENT")
                    .moveToVersionId(token).removeFromVersionId(first));
        });
        sm.rotateSecret(r -> r.secretId(NAME).clientRequestToken(pending));
        assertEquals(List.of("AWSCURRENT"), stages().get(pending), "retrying with its token completes it");
    }
}
