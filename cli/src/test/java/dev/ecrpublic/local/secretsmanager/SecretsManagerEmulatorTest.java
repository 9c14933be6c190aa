package dev.ecrpublic.local.secretsmanager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidNextTokenException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretVersionStageRequest;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static dev.ecrpublic.local.secretsmanager.SecretsManagerContractTest.CURRENT;
import static dev.ecrpublic.local.secretsmanager.SecretsManagerContractTest.PENDING;
import static dev.ecrpublic.local.secretsmanager.SecretsManagerContractTest.PREVIOUS;
import static dev.ecrpublic.local.secretsmanager.SecretsManagerContractTest.client;
import static dev.ecrpublic.local.secretsmanager.SecretsManagerContractTest.token;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What the contract test leaves to the emulator: the service's validation and errors, fault injection, the wire
 * protocol, and the state folder shared between processes.
 */
class SecretsManagerEmulatorTest {
    private static final String NAME = "ecr-public/test";

    @TempDir
    Path state;
    private SecretsManagerEmulator emulator;
    private SecretsManagerClient sm;

    @BeforeEach
    void start() throws IOException {
        emulator = SecretsManagerEmulator.start(state, "eu-west-1");
        sm = client(emulator.endpoint());
    }

    @AfterEach
    void stop() {
        sm.close();
        emulator.close();
    }

    // CreateSecret

    @Test
    void createSecretNamesTheArnAfterTheRegionAndRefusesAnExistingName() {
        CreateSecretResponse created = sm.createSecret(r -> r.name(NAME).secretString("one").description("keys"));
        assertTrue(created.arn().matches("arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + NAME
                + "-[A-Za-z0-9]{6}"), created.arn());

        ResourceExistsException exists = assertThrows(ResourceExistsException.class,
                () -> sm.createSecret(r -> r.name(NAME).secretString("two")));
        assertEquals(400, exists.statusCode());
        assertEquals("keys", sm.describeSecret(r -> r.secretId(NAME)).description());
    }

    @Test
    void createSecretRetriedWithItsTokenAndValueSucceedsAgain() {
        String v1 = token();
        CreateSecretResponse first = sm.createSecret(r -> r.name(NAME).secretString("one").clientRequestToken(v1));
        CreateSecretResponse retry = sm.createSecret(r -> r.name(NAME).secretString("one").clientRequestToken(v1));
        assertEquals(first.arn(), retry.arn());
        assertEquals(v1, retry.versionId());
        assertThrows(ResourceExistsException.class,
                () -> sm.createSecret(r -> r.name(NAME).secretString("other").clientRequestToken(v1)));
    }

    @Test
    void aSecretCreatedWithoutValueHasNoVersionUntilOneIsPut() {
        CreateSecretResponse created = sm.createSecret(r -> r.name(NAME));
        assertNull(created.versionId());
        assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(NAME)));

        sm.putSecretValue(r -> r.secretId(NAME).secretString("one"));
        assertEquals("one", sm.getSecretValue(r -> r.secretId(NAME)).secretString());
        assertEquals(List.of(Set.of(CURRENT)), List.copyOf(stages().values()), "no earlier version to be AWSPREVIOUS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNames")
    void createSecretRefusesNamesTheServiceRefuses(String name, String secretName) {
        assertThrows(InvalidParameterException.class, () -> sm.createSecret(r -> r.name(secretName).secretString("x")));
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                arguments("space", "a b"),
                arguments("colon", "a:b"),
                arguments("non-ASCII", "schlüssel"),
                arguments("too long", "a".repeat(513)),
                arguments("empty", ""));
    }

    @Test
    void namesWithSlashesAndTheLongestNamesAreOneFlatFileEach() throws IOException {
        String longest = "a/".repeat(256);
        sm.createSecret(r -> r.name(longest).secretString("long"));
        sm.createSecret(r -> r.name("a").secretString("short"));

        assertEquals("long", sm.getSecretValue(r -> r.secretId(longest)).secretString());
        assertEquals("short", sm.getSecretValue(r -> r.secretId("a")).secretString());
        try (Stream<Path> files = Files.list(state.resolve("secretsmanager"))) {
            assertTrue(files.allMatch(Files::isRegularFile));
        }
    }

    // GetSecretValue

    @Test
    void getSecretValueFindsASecretByNameFullArnOrArnWithoutSuffix() {
        String arn = sm.createSecret(r -> r.name(NAME).secretString("one")).arn();
        String partial = arn.substring(0, arn.length() - 7);
        for (String id : List.of(NAME, arn, partial))
            assertEquals("one", sm.getSecretValue(r -> r.secretId(id)).secretString(), id);

        String otherSuffix = partial + "-zzzzzz";
        String otherAccount = arn.replace("123456789012", "210987654321");
        String otherRegion = arn.replace("eu-west-1", "us-east-1");
        for (String id : List.of(otherSuffix, otherAccount, otherRegion))
            assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(id)), id);
    }

    @Test
    void getSecretValueRefusesAVersionAndStageThatDoNotGoTogether() {
        String v1 = token();
        sm.createSecret(r -> r.name(NAME).secretString("one").clientRequestToken(v1));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("two").versionStages(PENDING));

        assertThrows(InvalidRequestException.class,
                () -> sm.getSecretValue(r -> r.secretId(NAME).versionId(v1).versionStage(PENDING)));
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> sm.getSecretValue(r -> r.secretId(NAME).versionStage(PREVIOUS)));
        assertEquals(400, missing.statusCode());
    }

    @Test
    void binaryValuesComeBackAsTheyWent() {
        byte[] bytes = {0, 1, 2, (byte) 255};
        sm.createSecret(r -> r.name(NAME).secretBinary(SdkBytes.fromByteArray(bytes)));
        assertArrayEquals(bytes, sm.getSecretValue(r -> r.secretId(NAME)).secretBinary().asByteArray());
        assertNull(sm.getSecretValue(r -> r.secretId(NAME)).secretString());
    }

    // PutSecretValue

    @Test
    void putSecretValueRefusesToChangeAnExistingVersion() {
        String v1 = token();
        sm.createSecret(r -> r.name(NAME).secretString("one").clientRequestToken(v1));
        assertThrows(ResourceExistsException.class,
                () -> sm.putSecretValue(r -> r.secretId(NAME).secretString("changed").clientRequestToken(v1)));
        assertEquals("one", sm.getSecretValue(r -> r.secretId(NAME)).secretString());
    }

    @Test
    void putSecretValueNeedsAnExistingSecretAndExactlyOneValue() {
        assertThrows(ResourceNotFoundException.class, () -> sm.putSecretValue(r -> r.secretId(NAME).secretString("x")));
        sm.createSecret(r -> r.name(NAME).secretString("one"));
        assertThrows(InvalidParameterException.class, () -> sm.putSecretValue(r -> r.secretId(NAME)));
        assertThrows(InvalidParameterException.class, () -> sm.putSecretValue(r -> r.secretId(NAME)
                .secretString("x").secretBinary(SdkBytes.fromUtf8String("x"))));
        assertThrows(InvalidParameterException.class,
                () -> sm.putSecretValue(r -> r.secretId(NAME).secretString("x").clientRequestToken("short")));
    }

    @Test
    void aRetriedPutChangesNothingNotEvenLastChangedDate() {
        sm.createSecret(r -> r.name(NAME).secretString("one"));
        String v2 = token();
        sm.putSecretValue(r -> r.secretId(NAME).secretString("two").clientRequestToken(v2));
        DescribeSecretResponse before = sm.describeSecret(r -> r.secretId(NAME));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("two").clientRequestToken(v2).versionStages(PENDING));
        DescribeSecretResponse after = sm.describeSecret(r -> r.secretId(NAME));
        assertEquals(before.versionIdsToStages(), after.versionIdsToStages());
        assertEquals(before.lastChangedDate(), after.lastChangedDate());
    }

    @Test
    void putWithSeveralStagesTakesEachFromWhereverItWas() {
        String v1 = token();
        String v2 = token();
        String v3 = token();
        sm.createSecret(r -> r.name(NAME).secretString("one").clientRequestToken(v1));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("two").clientRequestToken(v2).versionStages(PENDING, "blue"));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("three").clientRequestToken(v3)
                .versionStages(CURRENT, PENDING));
        assertEquals(Map.of(v1, Set.of(PREVIOUS), v2, Set.of("blue"), v3, Set.of(CURRENT, PENDING)), stages());
    }

    // UpdateSecretVersionStage: v1 AWSCURRENT, v2 AWSPENDING, v3 with no label (deprecated).

    @ParameterizedTest(name = "{0}")
    @MethodSource("stageUpdates")
    void updateSecretVersionStageValidatesAsTheServiceDoes(String name, StageUpdate update,
                                                           Class<? extends SecretsManagerException> refused,
                                                           Map<String, Set<String>> expected) {
        Versions v = threeVersions();
        Consumer<UpdateSecretVersionStageRequest.Builder> request = r -> {
            r.secretId(NAME).versionStage(update.stage());
            if (update.moveTo() != null) r.moveToVersionId(v.id(update.moveTo()));
            if (update.removeFrom() != null) r.removeFromVersionId(v.id(update.removeFrom()));
        };
        if (refused != null) {
            SecretsManagerException e = assertThrows(refused, () -> sm.updateSecretVersionStage(request));
            assertEquals(400, e.statusCode());
        } else {
            sm.updateSecretVersionStage(request);
        }
        Map<String, Set<String>> byLabel = new HashMap<>();
        stages().forEach((id, labels) -> byLabel.put(v.label(id), labels));
        assertEquals(refused != null ? Map.of("v1", Set.of(CURRENT), "v2", Set.of(PENDING)) : expected, byLabel);
    }

    record StageUpdate(String stage, String moveTo, String removeFrom) {}

    static Stream<Arguments> stageUpdates() {
        return Stream.of(
                arguments("finish rotation: current to v2, previous follows", new StageUpdate(CURRENT, "v2", "v1"), null,
                        Map.of("v1", Set.of(PREVIOUS), "v2", Set.of(CURRENT, PENDING))),
                arguments("roll back to a deprecated version", new StageUpdate(CURRENT, "v3", "v1"), null,
                        Map.of("v1", Set.of(PREVIOUS), "v2", Set.of(PENDING), "v3", Set.of(CURRENT))),
                arguments("remove pending", new StageUpdate(PENDING, null, "v2"), null, Map.of("v1", Set.of(CURRENT))),
                arguments("a new label on a deprecated version", new StageUpdate("blue", "v3", null), null,
                        Map.of("v1", Set.of(CURRENT), "v2", Set.of(PENDING), "v3", Set.of("blue"))),
                arguments("current onto its own version", new StageUpdate(CURRENT, "v1", null), null,
                        Map.of("v1", Set.of(CURRENT), "v2", Set.of(PENDING))),
                arguments("moving current without naming its holder", new StageUpdate(CURRENT, "v2", null),
                        InvalidParameterException.class, null),
                arguments("moving pending, naming the wrong holder", new StageUpdate(PENDING, "v3", "v1"),
                        InvalidParameterException.class, null),
                arguments("removing a label the version lacks", new StageUpdate(PENDING, null, "v1"),
                        InvalidParameterException.class, null),
                arguments("removing current without moving it", new StageUpdate(CURRENT, null, "v1"),
                        InvalidParameterException.class, null),
                arguments("neither move nor remove", new StageUpdate(PENDING, null, null),
                        InvalidParameterException.class, null),
                arguments("moving to an unknown version", new StageUpdate(PENDING, "unknown", "v2"),
                        ResourceNotFoundException.class, null));
    }

    // ListSecretVersionIds and DescribeSecret

    @Test
    void listSecretVersionIdsShowsDeprecatedVersionsOnlyOnRequestAndPages() {
        Versions v = threeVersions();
        assertEquals(Set.of(v.id("v1"), v.id("v2")), ids(sm.listSecretVersionIds(r -> r.secretId(NAME)).versions()));

        List<SecretVersionsListEntry> all = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSecretVersionIdsResponse page = sm.listSecretVersionIds(r -> r.secretId(NAME).includeDeprecated(true)
                    .maxResults(2).nextToken(token));
            assertTrue(page.versions().size() <= 2);
            all.addAll(page.versions());
            next = page.nextToken();
        } while (next != null);
        assertEquals(Set.of(v.id("v1"), v.id("v2"), v.id("v3")), ids(all));
        assertEquals(List.of(), all.stream().filter(e -> e.versionId().equals(v.id("v3"))).findFirst().orElseThrow()
                .versionStages());
        assertThrows(InvalidNextTokenException.class,
                () -> sm.listSecretVersionIds(r -> r.secretId(NAME).nextToken("garbage")));
    }

    @Test
    void describeSecretLeavesDeprecatedVersionsOutAndTracksChanges() {
        Versions v = threeVersions();
        DescribeSecretResponse described = sm.describeSecret(r -> r.secretId(NAME));
        assertEquals(Set.of(v.id("v1"), v.id("v2")), described.versionIdsToStages().keySet());
        assertFalse(described.rotationEnabled());
        assertFalse(described.lastChangedDate().isBefore(described.createdDate()));
    }

    // Faults, call counts and the protocol

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void injectedFaultsAnswerAsTheServiceWould(SecretsFault fault, String errorCode, int status) {
        sm.createSecret(r -> r.name(NAME).secretString("one"));
        emulator.inject("GetSecretValue", fault);
        emulator.resetCallCounts();
        try (SecretsManagerClient once = SecretsManagerClient.builder().endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            SecretsManagerException e = assertThrows(SecretsManagerException.class,
                    () -> once.getSecretValue(r -> r.secretId(NAME)));
            assertEquals(errorCode, e.awsErrorDetails().errorCode());
            assertEquals(status, e.statusCode());
            if (fault == SecretsFault.SERVER_ERROR) assertTrue(e instanceof InternalServiceErrorException);
            assertEquals(NAME, once.describeSecret(r -> r.secretId(NAME)).name(), "other operations still work");
        }
        assertEquals(1, emulator.calls("GetSecretValue"));
        emulator.clearFaults();
        assertEquals("one", sm.getSecretValue(r -> r.secretId(NAME)).secretString());
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                arguments(SecretsFault.SERVER_ERROR, "InternalServiceError", 500),
                arguments(SecretsFault.THROTTLING, "ThrottlingException", 400),
                arguments(SecretsFault.ACCESS_DENIED, "AccessDeniedException", 400));
    }

    @Test
    void theSdkRetriesServerErrorsAndEveryAttemptIsCounted() {
        emulator.inject("DescribeSecret", SecretsFault.SERVER_ERROR);
        assertThrows(InternalServiceErrorException.class, () -> sm.describeSecret(r -> r.secretId(NAME)));
        assertTrue(emulator.calls("DescribeSecret") > 1, emulator.callCounts().toString());
        assertEquals(0, emulator.calls("GetSecretValue"));
        assertThrows(IllegalArgumentException.class, () -> emulator.inject("DeleteSecret", SecretsFault.THROTTLING));
    }

    @Test
    void unsignedMalformedAndUnknownRequestsAreProtocolErrors() throws Exception {
        HttpResponse<String> unsigned = post("DescribeSecret", "{\"SecretId\":\"x\"}", false);
        HttpResponse<String> malformed = post("DescribeSecret", "{\"SecretId\":", true);
        HttpResponse<String> wrongType = post("DescribeSecret", "{\"SecretId\":1}", true);
        HttpResponse<String> unknown = post("DeleteSecret", "{}", true);
        HttpResponse<String> missing = post("DescribeSecret", "{\"SecretId\":\"x\"}", true);

        assertTrue(unsigned.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), unsigned.body());
        assertTrue(malformed.body().contains("\"__type\":\"SerializationException\""), malformed.body());
        assertTrue(wrongType.body().contains("\"__type\":\"SerializationException\""), wrongType.body());
        assertTrue(unknown.body().contains("\"__type\":\"UnknownOperationException\""), unknown.body());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("\"__type\":\"ResourceNotFoundException\""), missing.body());
        assertEquals("application/x-amz-json-1.1", missing.headers().firstValue("Content-Type").orElseThrow());
    }

    // The state folder

    @Test
    void secretsOutliveTheEmulatorAndAreSharedWithAnotherOnTheSameFolder() throws IOException {
        String v1 = token();
        String arn = sm.createSecret(r -> r.name(NAME).secretString("one").clientRequestToken(v1)).arn();
        try (SecretsManagerEmulator other = SecretsManagerEmulator.start(state, "eu-west-1");
             SecretsManagerClient otherSm = client(other.endpoint())) {
            assertEquals("one", otherSm.getSecretValue(r -> r.secretId(arn)).secretString());
            String v2 = otherSm.putSecretValue(r -> r.secretId(NAME).secretString("two")).versionId();
            assertEquals(Map.of(v1, Set.of(PREVIOUS), v2, Set.of(CURRENT)), stages());
        }
        emulator.close();
        emulator = SecretsManagerEmulator.start(state, "eu-west-1");
        sm.close();
        sm = client(emulator.endpoint());
        assertEquals("two", sm.getSecretValue(r -> r.secretId(NAME)).secretString());
    }

    @Test
    void concurrentWritersThroughTwoEmulatorsLoseNothing() throws Exception {
        sm.createSecret(r -> r.name(NAME).secretString("initial"));
        int perWriter = 50;
        try (SecretsManagerEmulator other = SecretsManagerEmulator.start(state, "eu-west-1");
             SecretsManagerClient otherSm = client(other.endpoint())) {
            List<String> written = Collections.synchronizedList(new ArrayList<>());
            List<Thread> writers = new ArrayList<>();
            for (SecretsManagerClient writer : List.of(sm, otherSm))
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String value = "value-" + Thread.currentThread().threadId() + "-" + i;
                        written.add(writer.putSecretValue(r -> r.secretId(NAME).secretString(value)).versionId());
                    }
                }));
            for (Thread writer : writers) writer.join(60_000);

            assertEquals(2 * perWriter, new HashSet<>(written).size());
            List<SecretVersionsListEntry> versions = sm.listSecretVersionIdsPaginator(r -> r.secretId(NAME)
                    .includeDeprecated(true)).stream().flatMap(page -> page.versions().stream()).toList();
            assertEquals(2 * perWriter + 1, versions.size());
            assertTrue(ids(versions).containsAll(written));
            assertEquals(1, versions.stream().filter(e -> e.versionStages().contains(CURRENT)).count());
            assertEquals(1, versions.stream().filter(e -> e.versionStages().contains(PREVIOUS)).count());
        }
    }

    @Test
    void anotherProcessWritingAtTheSameTimeLosesNothing() throws Exception {
        sm.createSecret(r -> r.name(NAME).secretString("initial"));
        int perWriter = 40;
        Path stderr = state.resolve("other-process.err");
        Process other = SecretsManagerOtherProcess.start(state, NAME, perWriter, stderr);
        List<String> written = new ArrayList<>();
        try (BufferedReader otherOutput = other.inputReader()) {
            // Once the other process has written its first version, it is writing while this one does.
            written.add(otherOutput.readLine());
            for (int i = 0; i < perWriter; i++) {
                String value = "this-process-" + i;
                written.add(sm.putSecretValue(r -> r.secretId(NAME).secretString(value)).versionId());
            }
            otherOutput.lines().forEach(written::add);
        }
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, other.exitValue(), () -> readString(stderr));

        assertEquals(2 * perWriter, written.size());
        Set<String> listed = ids(sm.listSecretVersionIdsPaginator(r -> r.secretId(NAME).includeDeprecated(true))
                .stream().flatMap(page -> page.versions().stream()).toList());
        assertEquals(2 * perWriter + 1, listed.size());
        assertTrue(listed.containsAll(written));
    }

    @Test
    void secretFilesAreReadableByTheirOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
        sm.createSecret(r -> r.name(NAME).secretString("one"));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("two"));
        Path folder = state.resolve("secretsmanager");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> secrets = files.filter(f -> f.toString().endsWith(".json")).toList();
            assertEquals(1, secrets.size(), "no temp file left behind");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.getFirst())));
        }
    }

    @Test
    void anEmulatorWithoutStateFolderForgetsOnClose() throws IOException {
        try (SecretsManagerEmulator scratch = SecretsManagerEmulator.start(null, "eu-west-1");
             SecretsManagerClient scratchSm = client(scratch.endpoint())) {
            scratchSm.createSecret(r -> r.name(NAME).secretString("one"));
            assertThrows(ResourceNotFoundException.class, () -> sm.getSecretValue(r -> r.secretId(NAME)));
        }
        try (SecretsManagerEmulator scratch = SecretsManagerEmulator.start(null, "eu-west-1");
             SecretsManagerClient scratchSm = client(scratch.endpoint())) {
            assertThrows(ResourceNotFoundException.class, () -> scratchSm.getSecretValue(r -> r.secretId(NAME)));
        }
    }

    @Test
    void versionsNeverPrintTheirValue() {
        SecretVersion version = new SecretVersion("id", Optional.of("hunter2"), Optional.empty(),
                List.of(CURRENT), Instant.EPOCH);
        assertFalse(version.toString().contains("hunter2"), version.toString());
    }

    // Helpers

    /** v1 AWSCURRENT, v2 AWSPENDING, v3 put as current then displaced, so left without labels. */
    private Versions threeVersions() {
        String v1 = token();
        String v2 = token();
        String v3 = token();
        sm.createSecret(r -> r.name(NAME).secretString("three").clientRequestToken(v3));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("one").clientRequestToken(v1));
        sm.updateSecretVersionStage(r -> r.secretId(NAME).versionStage(PREVIOUS).removeFromVersionId(v3));
        sm.putSecretValue(r -> r.secretId(NAME).secretString("two").clientRequestToken(v2).versionStages(PENDING));
        return new Versions(Map.of("v1", v1, "v2", v2, "v3", v3));
    }

    record Versions(Map<String, String> ids) {
        String id(String label) {
            return ids.getOrDefault(label, "00000000-0000-0000-0000-000000000000");
        }

        String label(String id) {
            return ids.entrySet().stream().filter(e -> e.getValue().equals(id)).findFirst().orElseThrow().getKey();
        }
    }

    private Map<String, Set<String>> stages() {
        Map<String, Set<String>> stages = new HashMap<>();
        sm.describeSecret(r -> r.secretId(NAME)).versionIdsToStages()
                .forEach((version, labels) -> stages.put(version, new HashSet<>(labels)));
        return stages;
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Set<String> ids(List<SecretVersionsListEntry> versions) {
        return new HashSet<>(versions.stream().map(SecretVersionsListEntry::versionId).toList());
    }

    private HttpResponse<String> post(String operation, String body, boolean signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "secretsmanager." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) request.header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/"
                + "secretsmanager/aws4_request, SignedHeaders=host, Signature=0");
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
