package dev.ecrpublic.local.ecr;

import static dev.ecrpublic.local.ecr.EmulatedEcrClients.arn;
import static dev.ecrpublic.local.ecr.EmulatedEcrClients.tag;

import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.InvalidTagParameterException;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.TooManyTagsException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several registries in one emulator (a second account, a second region), each reached the way ECR is reached: by
 * registryId and by the region the client signs for; and repository tags. All through the real AWS SDK client.
 */
class EcrEmulatorRegistriesTest {
    private static final String REGION = "eu-west-1";
    private static final String OTHER_REGION = "us-west-2";
    private static final String OTHER_ACCOUNT = "210987654321";

    private final HttpClient http = HttpClient.newHttpClient();
    private EcrEmulator emulator;
    private ImageStore otherAccount;
    private ImageStore otherRegion;
    private Pushed accountImage;
    private Pushed regionImage;
    private EcrClient ecr;
    private EcrClient ecrOtherRegion;

    /** A one-layer image pushed to a store, with the exact bytes to compare answers against. */
    private record Pushed(Digest manifest, byte[] manifestBytes, Digest layer, byte[] layerBytes) {}

    @BeforeEach
    void start() throws IOException {
        ImageStore store = new ImageStore();
        SampleImages.seed(store);
        emulator = EcrEmulator.start(store, REGION);
        otherAccount = emulator.store(OTHER_ACCOUNT, REGION);
        otherRegion = emulator.store(EcrEmulator.ACCOUNT_ID, OTHER_REGION);
        accountImage = push(otherAccount, "shared/app", "from the images account");
        regionImage = push(otherRegion, "replica", "from the second region");
        ecr = client(REGION);
        ecrOtherRegion = client(OTHER_REGION);
    }

    @AfterEach
    void stop() {
        ecr.close();
        ecrOtherRegion.close();
        emulator.close();
    }

    @Test
    void storesAreOnePerAccountAndRegionAndTheDefaultIsTheStartedOne() {
        assertSame(emulator.store(), emulator.store(EcrEmulator.ACCOUNT_ID, REGION));
        assertSame(otherAccount, emulator.store(OTHER_ACCOUNT, REGION));
        assertNotSame(otherAccount, emulator.store(OTHER_ACCOUNT, OTHER_REGION));
        assertEquals(REGION, emulator.region());
        assertThrows(IllegalArgumentException.class, () -> emulator.store("12345", REGION));
        assertThrows(IllegalArgumentException.class, () -> emulator.store(OTHER_ACCOUNT, "EU West"));
    }

    @Test
    void aSecondAccountIsReachedByRegistryIdAndNamedAsItself() {
        Repository app = ecr.describeRepositories(r -> r.registryId(OTHER_ACCOUNT)).repositories().getFirst();
        assertEquals("shared/app", app.repositoryName());
        assertEquals(OTHER_ACCOUNT, app.registryId());
        assertEquals("arn:aws:ecr:" + REGION + ":" + OTHER_ACCOUNT + ":repository/shared/app", app.repositoryArn());
        assertEquals(OTHER_ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/shared/app", app.repositoryUri());

        BatchGetImageResponse got = ecr.batchGetImage(r -> r.registryId(OTHER_ACCOUNT).repositoryName("shared/app")
                .imageIds(ImageIdentifier.builder().imageTag("v1").build()));
        Image image = got.images().getFirst();
        assertEquals(OTHER_ACCOUNT, image.registryId());
        assertEquals(accountImage.manifest().value(), image.imageId().imageDigest());
        assertArrayEquals(accountImage.manifestBytes(), image.imageManifest().getBytes(StandardCharsets.UTF_8));

        // Invisible from the own account, and the own account's image invisible from it.
        assertThrows(RepositoryNotFoundException.class, () -> ecr.listImages(r -> r.repositoryName("shared/app")));
        assertEquals(List.of("hello"), ecr.describeRepositories(r -> r.registryId(EcrEmulator.ACCOUNT_ID))
                .repositories().stream().map(Repository::repositoryName).toList());
        RepositoryNotFoundException hello = assertThrows(RepositoryNotFoundException.class, () -> ecr.listImages(r -> r
                .registryId(OTHER_ACCOUNT).repositoryName("hello")));
        assertTrue(hello.getMessage().contains(OTHER_ACCOUNT), hello.getMessage());
        // The same account in a region where it has no store has nothing at all.
        assertThrows(RepositoryNotFoundException.class, () -> ecrOtherRegion.describeRepositories(r -> r
                .registryId(OTHER_ACCOUNT)));
    }

    @Test
    void aSecondRegionIsReachedBySigningForIt() {
        Repository replica = ecrOtherRegion.describeRepositories(r -> r.registryId(EcrEmulator.ACCOUNT_ID))
                .repositories().getFirst();
        assertEquals("replica", replica.repositoryName());
        assertEquals("arn:aws:ecr:" + OTHER_REGION + ":" + EcrEmulator.ACCOUNT_ID + ":repository/replica",
                replica.repositoryArn());
        assertEquals(EcrEmulator.ACCOUNT_ID + ".dkr.ecr." + OTHER_REGION + ".amazonaws.com/replica",
                replica.repositoryUri());
        assertEquals(List.of("replica"), ecrOtherRegion.describeRepositories(r -> { }).repositories().stream()
                .map(Repository::repositoryName).toList());

        Image image = ecrOtherRegion.batchGetImage(r -> r.repositoryName("replica")
                .imageIds(ImageIdentifier.builder().imageDigest(regionImage.manifest().value()).build()))
                .images().getFirst();
        assertArrayEquals(regionImage.manifestBytes(), image.imageManifest().getBytes(StandardCharsets.UTF_8));

        assertThrows(RepositoryNotFoundException.class, () -> ecr.listImages(r -> r.repositoryName("replica")));
        assertThrows(RepositoryNotFoundException.class, () -> ecrOtherRegion.listImages(r -> r.repositoryName("hello")));
    }

    @Test
    void layersOfEveryStoreDownload() throws Exception {
        assertEquals(accountImage.layerBytes().length, download(ecr.getDownloadUrlForLayer(r -> r
                .registryId(OTHER_ACCOUNT).repositoryName("shared/app").layerDigest(accountImage.layer().value()))
                .downloadUrl()).length);
        assertArrayEquals(accountImage.layerBytes(), download(ecr.getDownloadUrlForLayer(r -> r
                .registryId(OTHER_ACCOUNT).repositoryName("shared/app").layerDigest(accountImage.layer().value()))
                .downloadUrl()));
        assertArrayEquals(regionImage.layerBytes(), download(ecrOtherRegion.getDownloadUrlForLayer(r -> r
                .repositoryName("replica").layerDigest(regionImage.layer().value())).downloadUrl()));

        LayersNotFoundException elsewhere = assertThrows(LayersNotFoundException.class, () -> ecr
                .getDownloadUrlForLayer(r -> r.registryId(OTHER_ACCOUNT).repositoryName("shared/app")
                        .layerDigest(regionImage.layer().value())));
        assertTrue(elsewhere.getMessage().contains(OTHER_ACCOUNT), elsewhere.getMessage());
    }

    @Test
    void unknownRegistriesHaveNoRepositoriesAndMalformedIdsAreRefused() {
        assertThrows(RepositoryNotFoundException.class, () -> ecr.describeRepositories(r -> r
                .registryId("999999999999")));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.batchGetImage(r -> r.registryId("999999999999")
                .repositoryName("hello").imageIds(ImageIdentifier.builder().imageTag("latest").build())));
        assertThrows(InvalidParameterException.class, () -> ecr.describeRepositories(r -> r.registryId("12")));
        // The own account keeps answering clients that sign for a region it has no store in, as it always did.
        try (EcrClient elsewhere = client("ap-southeast-2")) {
            assertEquals(List.of("hello"), elsewhere.describeRepositories(r -> { }).repositories().stream()
                    .map(Repository::repositoryName).toList());
            assertThrows(RepositoryNotFoundException.class, () -> elsewhere.describeRepositories(r -> r
                    .registryId(OTHER_ACCOUNT)));
        }
    }

    // Repository tags

    @Test
    void tagsRoundTripPerRepository() {
        String hello = arn(REGION, EcrEmulator.ACCOUNT_ID, "hello");
        assertEquals(List.of(), ecr.listTagsForResource(r -> r.resourceArn(hello)).tags());

        ecr.tagResource(r -> r.resourceArn(hello).tags(tag("ecr-public:pull", "anonymous"), tag("team", "web")));
        ecr.tagResource(r -> r.resourceArn(hello).tags(tag("team", "platform")));
        assertEquals(List.of(tag("ecr-public:pull", "anonymous"), tag("team", "platform")),
                ecr.listTagsForResource(r -> r.resourceArn(hello)).tags());
        assertEquals(Map.of("ecr-public:pull", "anonymous", "team", "platform"),
                emulator.store().repositoryTags("hello"));

        ecr.untagResource(r -> r.resourceArn(hello).tagKeys("ecr-public:pull", "never-set"));
        assertEquals(List.of(tag("team", "platform")), ecr.listTagsForResource(r -> r.resourceArn(hello)).tags());

        // Other stores' repositories carry their own tags, found by their ARNs' account and region.
        otherAccount.tagRepository("shared/app", Map.of("ecr-public:pull", "authenticated"));
        assertEquals(List.of(tag("ecr-public:pull", "authenticated")), ecr.listTagsForResource(r -> r
                .resourceArn(arn(REGION, OTHER_ACCOUNT, "shared/app"))).tags());
        ecrOtherRegion.tagResource(r -> r.resourceArn(arn(OTHER_REGION, EcrEmulator.ACCOUNT_ID, "replica"))
                .tags(tag("dr", "yes")));
        assertEquals(Map.of("dr", "yes"), otherRegion.repositoryTags("replica"));
        assertEquals(Map.of("team", "platform"), emulator.store().repositoryTags("hello"));
    }

    @Test
    void tagOperationsOnUnknownRepositoriesAndBadArns() {
        assertThrows(RepositoryNotFoundException.class, () -> ecr.listTagsForResource(r -> r
                .resourceArn(arn(REGION, EcrEmulator.ACCOUNT_ID, "nothing"))));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.tagResource(r -> r
                .resourceArn(arn(REGION, EcrEmulator.ACCOUNT_ID, "nothing")).tags(tag("a", "b"))));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.untagResource(r -> r
                .resourceArn(arn(REGION, EcrEmulator.ACCOUNT_ID, "nothing")).tagKeys("a")));
        // hello lives in the default region only; shared/app in the other account only.
        assertThrows(RepositoryNotFoundException.class, () -> ecr.listTagsForResource(r -> r
                .resourceArn(arn(OTHER_REGION, EcrEmulator.ACCOUNT_ID, "hello"))));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.listTagsForResource(r -> r
                .resourceArn(arn(REGION, "999999999999", "shared/app"))));

        for (String bad : List.of("hello", "arn:aws:s3:::bucket", "arn:aws:ecr:eu-west-1:123:repository/hello",
                "arn:aws:ecr:eu-west-1:123456789012:repository/", "arn:aws:ecr:eu-west-1:123456789012:repository/UP",
                "arn:aws:ecr:eu-west-1:123456789012:image/hello"))
            assertThrows(InvalidParameterException.class, () -> ecr.listTagsForResource(r -> r.resourceArn(bad)), bad);
        assertThrows(InvalidParameterException.class, () -> ecr.listTagsForResource(r -> { }));

        String hello = arn(REGION, EcrEmulator.ACCOUNT_ID, "hello");
        assertThrows(InvalidTagParameterException.class, () -> ecr.tagResource(r -> r.resourceArn(hello)
                .tags(tag("aws:reserved", "x"))));
        assertThrows(InvalidParameterException.class, () -> ecr.tagResource(r -> r.resourceArn(hello)
                .tags(tag("", "x"))));
        assertThrows(TooManyTagsException.class, () -> ecr.tagResource(r -> r.resourceArn(hello)
                .tags(IntStream.range(0, 51).mapToObj(i -> tag("k" + i, "v")).toList())));
        assertEquals(Map.of(), emulator.store().repositoryTags("hello"), "a refused TagResource changes nothing");
    }

    @Test
    void tagOperationsAreCountedAndTakeInjectedFaults() {
        String hello = arn(REGION, EcrEmulator.ACCOUNT_ID, "hello");
        emulator.resetCallCounts();
        emulator.inject("ListTagsForResource", EcrFault.THROTTLING);
        EcrException throttled = assertThrows(EcrException.class, () -> ecr.listTagsForResource(r -> r
                .resourceArn(hello)));
        assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
        ecr.tagResource(r -> r.resourceArn(hello).tags(tag("a", "b")));
        emulator.clearFaults();
        assertEquals(List.of(tag("a", "b")), ecr.listTagsForResource(r -> r.resourceArn(hello)).tags());
        ecr.untagResource(r -> r.resourceArn(hello).tagKeys("a"));

        // The SDK retries a throttled call, so count at least the one that failed plus the one that passed.
        assertTrue(emulator.calls("ListTagsForResource") >= 2, emulator.callCounts().toString());
        assertEquals(1, emulator.calls("TagResource"));
        assertEquals(1, emulator.calls("UntagResource"));
    }

    // Helpers

    private EcrClient client(String region) {
        return EmulatedEcrClients.client(emulator.endpoint(), region);
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** A repository holding one image tagged v1: a config and one layer whose bytes say where they live. */
    private static Pushed push(ImageStore store, String repository, String content) {
        store.createRepository(repository);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"comment\":\"" + content + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        Digest layerDigest = Digest.sha256Of(layer);
        store.putBlob(repository, new ImageStore.Blob(configDigest, SampleImages.CONFIG,
                new ImageStore.BlobContent.InMemory(config)));
        store.putBlob(repository, new ImageStore.Blob(layerDigest, SampleImages.LAYER,
                new ImageStore.BlobContent.InMemory(layer)));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + SampleImages.MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + SampleImages.CONFIG + "\",\"digest\":\"" + configDigest.value() + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"" + SampleImages.LAYER + "\",\"digest\":\""
                + layerDigest.value() + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest digest = store.putManifest(repository, manifest, SampleImages.MANIFEST);
        store.tag(repository, "v1", digest);
        return new Pushed(digest, manifest, layerDigest, layer);
    }
}
