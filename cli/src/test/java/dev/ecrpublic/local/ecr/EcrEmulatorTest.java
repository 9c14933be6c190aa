package dev.ecrpublic.local.ecr;

import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchCheckLayerAvailabilityResponse;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ecr.model.DescribeRepositoriesResponse;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.GetDownloadUrlForLayerResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageFailure;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.LayerAvailability;
import software.amazon.awssdk.services.ecr.model.LayersNotFoundException;
import software.amazon.awssdk.services.ecr.model.ListImagesResponse;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.ecr.model.ServerException;
import software.amazon.awssdk.services.ecr.model.TagStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the emulator with the real AWS SDK client, as the proxy does. */
class EcrEmulatorTest {
    private static final String REGION = "eu-west-1";
    private static final String INDEX = SampleImages.INDEX;

    private final HttpClient http = HttpClient.newHttpClient();
    private ImageStore store;
    private EcrEmulator emulator;
    private EcrClient ecr;
    private SampleGraph sample;

    /** The sample image's digests, read back from the store rather than restated. */
    private record SampleGraph(Digest index, Digest manifest, Digest config, Digest layer) {}

    @BeforeEach
    void start() throws IOException {
        store = new ImageStore();
        SampleImages.seed(store);
        emulator = EcrEmulator.start(store, REGION);
        ecr = EcrClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        sample = sampleGraph();
    }

    @AfterEach
    void stop() {
        ecr.close();
        emulator.close();
    }

    private SampleGraph sampleGraph() {
        Digest index = store.resolveTag("hello", "latest").orElseThrow();
        Digest manifest = store.manifests("hello").values().stream()
                .filter(m -> m.mediaType().equals(SampleImages.MANIFEST)).findFirst().orElseThrow().digest();
        String json = new String(store.manifest("hello", manifest).orElseThrow().bytes(), StandardCharsets.UTF_8);
        Digest config = new Digest(json.replaceAll("(?s).*\"config\":\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1"));
        Digest layer = new Digest(json.replaceAll("(?s).*\"layers\":\\[\\{[^}]*\"digest\":\"([^\"]+)\".*", "$1"));
        return new SampleGraph(index, manifest, config, layer);
    }

    // BatchGetImage

    @Test
    void batchGetImageByTagReturnsTheExactManifestBytes() {
        BatchGetImageResponse response = ecr.batchGetImage(r -> r.repositoryName("hello")
                .imageIds(ImageIdentifier.builder().imageTag("latest").build()));

        assertEquals(List.of(), response.failures());
        Image image = response.images().getFirst();
        assertEquals(EcrEmulator.ACCOUNT_ID, image.registryId());
        assertEquals("hello", image.repositoryName());
        assertEquals("latest", image.imageId().imageTag());
        assertEquals(sample.index().value(), image.imageId().imageDigest());
        assertEquals(INDEX, image.imageManifestMediaType());
        byte[] returned = image.imageManifest().getBytes(StandardCharsets.UTF_8);
        assertEquals(sample.index(), Digest.sha256Of(returned));
        assertArrayEquals(store.manifest("hello", sample.index()).orElseThrow().bytes(), returned);
    }

    @Test
    void batchGetImageByDigestLeavesTheTagOut() {
        Image image = ecr.batchGetImage(r -> r.repositoryName("hello").registryId(EcrEmulator.ACCOUNT_ID)
                .imageIds(id(null, sample.manifest().value()))).images().getFirst();

        assertNull(image.imageId().imageTag());
        assertEquals(SampleImages.MANIFEST, image.imageManifestMediaType());
        assertEquals(sample.manifest(), Digest.sha256Of(image.imageManifest().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void batchGetImageReportsEachUnusableIdAsAFailureAndStillReturnsTheRest() {
        String otherAlgorithm = "sha512:" + "ab".repeat(64);
        BatchGetImageResponse response = ecr.batchGetImage(r -> r.repositoryName("hello").imageIds(
                id("latest", null),
                id("missing", null),
                id("bad tag!", null),
                id("x".repeat(301), null),
                id(null, "sha256:not-hex"),
                id(null, otherAlgorithm),
                id(null, "sha256:" + "0".repeat(64)),
                id(null, null),
                id("latest", sample.manifest().value())));

        assertEquals(1, response.images().size());
        assertEquals(List.of("ImageNotFound", "InvalidImageTag", "InvalidImageTag", "InvalidImageDigest",
                        "ImageNotFound", "ImageNotFound", "MissingDigestAndTag", "ImageTagDoesNotMatchDigest"),
                response.failures().stream().map(ImageFailure::failureCodeAsString).toList());
        ImageFailure missing = response.failures().getFirst();
        assertEquals("missing", missing.imageId().imageTag());
        assertFalse(missing.failureReason().isBlank());
        assertEquals("sha256:not-hex", response.failures().get(3).imageId().imageDigest());
    }

    @Test
    void batchGetImageAnswersInTheStoredTypeWhateverWasAccepted() {
        BatchGetImageResponse notAccepted = ecr.batchGetImage(r -> r.repositoryName("hello")
                .imageIds(id("latest", null))
                .acceptedMediaTypes("application/vnd.docker.distribution.manifest.v2+json", SampleImages.MANIFEST));
        BatchGetImageResponse accepted = ecr.batchGetImage(r -> r.repositoryName("hello")
                .imageIds(id("latest", null))
                .acceptedMediaTypes(SampleImages.MANIFEST, INDEX));

        assertEquals(List.of(), notAccepted.failures());
        assertEquals(INDEX, notAccepted.images().getFirst().imageManifestMediaType());
        assertEquals(accepted.images().getFirst().imageManifest(), notAccepted.images().getFirst().imageManifest());
    }

    @Test
    void batchGetImageChecksTheRepositoryAndItsParameters() {
        assertThrows(RepositoryNotFoundException.class, () -> ecr.batchGetImage(r -> r.repositoryName("nothing")
                .imageIds(id("latest", null))));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.batchGetImage(r -> r.repositoryName("hello")
                .registryId("210987654321").imageIds(id("latest", null))));
        assertThrows(InvalidParameterException.class, () -> ecr.batchGetImage(r -> r.repositoryName("hello")
                .registryId("not-an-account").imageIds(id("latest", null))));
        assertThrows(InvalidParameterException.class, () -> ecr.batchGetImage(r -> r.imageIds(id("latest", null))));
        assertThrows(InvalidParameterException.class, () -> ecr.batchGetImage(r -> r.repositoryName("Hello")
                .imageIds(id("latest", null))));
        assertThrows(InvalidParameterException.class, () -> ecr.batchGetImage(r -> r.repositoryName("hello")));
        List<ImageIdentifier> tooMany = IntStream.range(0, 101).mapToObj(i -> id("t" + i, null))
                .toList();
        assertThrows(InvalidParameterException.class, () -> ecr.batchGetImage(r -> r.repositoryName("hello")
                .imageIds(tooMany)));
    }

    // GetDownloadUrlForLayer and the URLs it returns

    @Test
    void downloadUrlsServeLayersAndConfigsByteForByte() throws Exception {
        for (Digest digest : List.of(sample.layer(), sample.config())) {
            GetDownloadUrlForLayerResponse response = ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello")
                    .layerDigest(digest.value()));
            assertEquals(digest.value(), response.layerDigest());
            URI url = URI.create(response.downloadUrl());
            assertEquals(emulator.endpoint().getAuthority(), url.getAuthority());
            assertFalse(url.toString().contains(digest.value()), "the URL is opaque");

            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode());
            assertEquals(digest, Digest.sha256Of(get.body()));
            assertEquals("application/octet-stream", get.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(get.body().length, get.headers().firstValueAsLong("Content-Length").orElseThrow());

            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers
                    .noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode());
            assertEquals(get.body().length, head.headers().firstValueAsLong("Content-Length").orElseThrow());
        }
    }

    @Test
    void downloadUrlsAreUnguessableAndResumable() throws Exception {
        String first = ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello").layerDigest(sample.layer().value()))
                .downloadUrl();
        String second = ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello").layerDigest(sample.layer().value()))
                .downloadUrl();
        assertNotEquals(first, second);

        HttpResponse<byte[]> forged = http.send(HttpRequest.newBuilder(emulator.endpoint().resolve("/layers/guess"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, forged.statusCode());

        byte[] whole = store.blob("hello", sample.layer()).orElseThrow().content().open().readAllBytes();
        HttpResponse<byte[]> tail = http.send(HttpRequest.newBuilder(URI.create(first)).header("Range", "bytes=10-")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, 10, whole.length), tail.body());
        assertEquals("bytes 10-" + (whole.length - 1) + "/" + whole.length,
                tail.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<byte[]> beyond = http.send(HttpRequest.newBuilder(URI.create(first))
                .header("Range", "bytes=" + whole.length + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(416, beyond.statusCode());
    }

    @Test
    void getDownloadUrlForLayerRejectsUnknownAndMalformedDigests() {
        assertThrows(LayersNotFoundException.class, () -> ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello")
                .layerDigest("sha256:" + "1".repeat(64))));
        assertThrows(LayersNotFoundException.class, () -> ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello")
                .layerDigest(sample.manifest().value())), "manifests are not layers");
        assertThrows(InvalidParameterException.class, () -> ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello")
                .layerDigest("latest")));
        assertThrows(InvalidParameterException.class, () -> ecr.getDownloadUrlForLayer(r -> r.repositoryName("hello")));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.getDownloadUrlForLayer(r -> r
                .repositoryName("nothing").layerDigest(sample.layer().value())));
    }

    // BatchCheckLayerAvailability

    @Test
    void batchCheckLayerAvailabilityCoversConfigsAndReportsFailures() {
        String missing = "sha256:" + "2".repeat(64);
        BatchCheckLayerAvailabilityResponse response = ecr.batchCheckLayerAvailability(r -> r.repositoryName("hello")
                .layerDigests(sample.layer().value(), sample.config().value(), missing, "not-a-digest"));

        assertEquals(List.of(sample.layer().value(), sample.config().value()),
                response.layers().stream().map(l -> l.layerDigest()).toList());
        assertTrue(response.layers().stream().allMatch(l -> l.layerAvailability() == LayerAvailability.AVAILABLE));
        assertEquals(SampleImages.LAYER, response.layers().get(0).mediaType());
        assertEquals(SampleImages.CONFIG, response.layers().get(1).mediaType());
        assertEquals(store.blob("hello", sample.layer()).orElseThrow().content().size(),
                response.layers().get(0).layerSize());
        assertEquals(Map.of(missing, "MissingLayerDigest", "not-a-digest", "InvalidLayerDigest"),
                response.failures().stream().collect(Collectors.toMap(
                        f -> f.layerDigest(), f -> f.failureCodeAsString())));
        assertThrows(InvalidParameterException.class, () -> ecr.batchCheckLayerAvailability(r -> r
                .repositoryName("hello")));
    }

    // ListImages

    @Test
    void listImagesListsEachTagAndEachUntaggedManifest() {
        ListImagesResponse any = ecr.listImages(r -> r.repositoryName("hello"));
        ListImagesResponse tagged = ecr.listImages(r -> r.repositoryName("hello")
                .filter(f -> f.tagStatus(TagStatus.TAGGED)));
        ListImagesResponse untagged = ecr.listImages(r -> r.repositoryName("hello")
                .filter(f -> f.tagStatus(TagStatus.UNTAGGED)));

        assertEquals(3, any.imageIds().size());
        assertNull(any.nextToken());
        assertEquals(List.of(ImageIdentifier.builder().imageDigest(sample.index().value()).imageTag("latest").build()),
                tagged.imageIds());
        assertEquals(2, untagged.imageIds().size());
        assertTrue(untagged.imageIds().stream().allMatch(id -> id.imageTag() == null));
    }

    @Test
    void listImagesPagesInAStableNonLexicalOrder() {
        List<String> tags = manyTags("paged", 90);
        Function<String, ListImagesResponse> taggedPage = token -> ecr.listImages(r -> r.repositoryName("paged")
                .filter(f -> f.tagStatus(TagStatus.TAGGED)).maxResults(7).nextToken(token));

        List<ImageIdentifier> firstWalk = pages(taggedPage, ListImagesResponse::imageIds,
                ListImagesResponse::nextToken);
        List<ImageIdentifier> secondWalk = pages(taggedPage, ListImagesResponse::imageIds,
                ListImagesResponse::nextToken);
        List<String> listed = firstWalk.stream().map(ImageIdentifier::imageTag).toList();

        assertEquals(firstWalk, secondWalk);
        assertEquals(tags.size(), listed.size());
        assertEquals(new HashSet<>(tags), new HashSet<>(listed));
        assertNotEquals(listed.stream().sorted().toList(), listed, "ECR does not sort; neither may we");
        assertEquals(firstWalk, ecr.listImages(r -> r.repositoryName("paged").maxResults(1000)
                .filter(f -> f.tagStatus(TagStatus.TAGGED))).imageIds());

        ListImagesResponse defaultPage = ecr.listImages(r -> r.repositoryName("paged"));
        assertEquals(100, defaultPage.imageIds().size());
        assertTrue(defaultPage.nextToken() != null);
        List<ImageIdentifier> everything = pages(token -> ecr.listImages(r -> r.repositoryName("paged")
                .nextToken(token)), ListImagesResponse::imageIds, ListImagesResponse::nextToken);
        assertEquals(90 + 60, everything.size(), "90 tags and 60 untagged manifests");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1001})
    void listImagesRejectsMaxResultsOutsideOneToAThousand(int maxResults) {
        assertThrows(InvalidParameterException.class, () -> ecr.listImages(r -> r.repositoryName("hello")
                .maxResults(maxResults)));
    }

    @Test
    void listImagesRejectsForeignTokensAndUnknownFilters() {
        manyTags("paged", 5);
        String token = ecr.listImages(r -> r.repositoryName("paged").maxResults(1)).nextToken();
        assertThrows(InvalidParameterException.class, () -> ecr.listImages(r -> r.repositoryName("hello")
                .nextToken(token)));
        assertThrows(InvalidParameterException.class, () -> ecr.listImages(r -> r.repositoryName("hello")
                .nextToken("%%%")));
        assertThrows(InvalidParameterException.class, () -> ecr.listImages(r -> r.repositoryName("hello")
                .filter(f -> f.tagStatus("SOMETIMES"))));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.listImages(r -> r.repositoryName("nothing")));
    }

    // DescribeImages

    @Test
    void describeImagesDescribesIndexesAndTheirManifests() {
        DescribeImagesResponse response = ecr.describeImages(r -> r.repositoryName("hello"));
        assertEquals(3, response.imageDetails().size());

        ImageDetail index = ecr.describeImages(r -> r.repositoryName("hello").imageIds(id("latest", null)))
                .imageDetails().getFirst();
        ImageDetail manifest = ecr.describeImages(r -> r.repositoryName("hello")
                .imageIds(id(null, sample.manifest().value()))).imageDetails().getFirst();

        assertEquals(EcrEmulator.ACCOUNT_ID, index.registryId());
        assertEquals("hello", index.repositoryName());
        assertEquals(sample.index().value(), index.imageDigest());
        assertEquals(List.of("latest"), index.imageTags());
        assertEquals(INDEX, index.imageManifestMediaType());
        assertNull(index.artifactMediaType());
        assertTrue(Duration.between(index.imagePushedAt(), Instant.now()).abs().toMinutes() < 5);

        long layerSize = store.blob("hello", sample.layer()).orElseThrow().content().size();
        long configSize = store.blob("hello", sample.config()).orElseThrow().content().size();
        assertEquals(layerSize + configSize, manifest.imageSizeInBytes());
        assertFalse(manifest.hasImageTags());
        assertEquals(SampleImages.CONFIG, manifest.artifactMediaType());
        assertTrue(index.imageSizeInBytes() >= manifest.imageSizeInBytes(), "an index is as large as its largest");
    }

    @Test
    void describeImagesFiltersPagesAndFailsOnUnknownIds() {
        manyTags("paged", 12);
        assertEquals(1, ecr.describeImages(r -> r.repositoryName("hello").filter(f -> f.tagStatus(TagStatus.TAGGED)))
                .imageDetails().size());
        assertEquals(2, ecr.describeImages(r -> r.repositoryName("hello")
                .filter(f -> f.tagStatus(TagStatus.UNTAGGED))).imageDetails().size());

        List<ImageDetail> all = pages(token -> ecr.describeImages(r -> r.repositoryName("paged").maxResults(5)
                .nextToken(token)), DescribeImagesResponse::imageDetails, DescribeImagesResponse::nextToken);
        assertEquals(store.manifests("paged").size(), all.size());
        assertEquals(all.size(), new HashSet<>(all.stream().map(ImageDetail::imageDigest).toList()).size());

        assertThrows(ImageNotFoundException.class, () -> ecr.describeImages(r -> r.repositoryName("hello")
                .imageIds(id("missing", null))));
        assertThrows(ImageNotFoundException.class, () -> ecr.describeImages(r -> r.repositoryName("hello")
                .imageIds(id(null, "sha256:" + "3".repeat(64)))));
        assertThrows(InvalidParameterException.class, () -> ecr.describeImages(r -> r.repositoryName("hello")
                .imageIds(id("bad tag!", null))));
        assertThrows(InvalidParameterException.class, () -> ecr.describeImages(r -> r.repositoryName("hello")
                .imageIds(id("latest", null)).maxResults(5)));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.describeImages(r -> r.repositoryName("nothing")));
    }

    // DescribeRepositories

    @Test
    void describeRepositoriesNamesRepositoriesAsEcrDoes() {
        Repository hello = ecr.describeRepositories(r -> r.repositoryNames("hello")).repositories().getFirst();

        assertEquals("arn:aws:ecr:" + REGION + ":123456789012:repository/hello", hello.repositoryArn());
        assertEquals("123456789012.dkr.ecr." + REGION + ".amazonaws.com/hello", hello.repositoryUri());
        assertEquals(EcrEmulator.ACCOUNT_ID, hello.registryId());
        assertEquals("hello", hello.repositoryName());
        assertEquals("MUTABLE", hello.imageTagMutabilityAsString());
        assertEquals(store.createdAt("hello").orElseThrow().toEpochMilli(), hello.createdAt().toEpochMilli());
        assertThrows(RepositoryNotFoundException.class, () -> ecr.describeRepositories(r -> r
                .repositoryNames("hello", "nothing")));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.describeRepositories(r -> r
                .registryId("210987654321")));
        assertThrows(InvalidParameterException.class, () -> ecr.describeRepositories(r -> r
                .repositoryNames("hello").maxResults(5)));
    }

    @Test
    void describeRepositoriesPagesInAStableNonLexicalOrder() {
        List<String> names = new ArrayList<>(List.of("hello"));
        for (int i = 0; i < 30; i++) {
            String name = "team/app-" + (char) ('a' + i % 26) + i;
            store.createRepository(name);
            names.add(name);
        }
        List<String> listed = pages(token -> ecr.describeRepositories(r -> r.maxResults(4).nextToken(token)),
                DescribeRepositoriesResponse::repositories, DescribeRepositoriesResponse::nextToken)
                .stream().map(Repository::repositoryName).toList();

        assertEquals(names.size(), listed.size());
        assertEquals(new HashSet<>(names), new HashSet<>(listed));
        assertNotEquals(listed.stream().sorted().toList(), listed);
        assertEquals(listed, ecr.describeRepositories(r -> r.registryId(EcrEmulator.ACCOUNT_ID)).repositories()
                .stream().map(Repository::repositoryName).toList());
    }

    // The wire protocol around the operations

    @Test
    void unsignedRequestsAreRefused() throws Exception {
        HttpResponse<String> response = post("BatchGetImage", "{}", false);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), response.body());
    }

    @Test
    void malformedDocumentsAndUnknownOperationsAreProtocolErrors() throws Exception {
        HttpResponse<String> malformed = post("ListImages", "{\"repositoryName\":", true);
        HttpResponse<String> wrongType = post("ListImages",
                "{\"repositoryName\":\"hello\",\"maxResults\":\"ten\"}", true);
        HttpResponse<String> unknown = post("PutImage", "{}", true);
        HttpResponse<String> fine = post("ListImages", "{\"repositoryName\":\"hello\"}", true);

        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("\"__type\":\"SerializationException\""), malformed.body());
        assertTrue(wrongType.body().contains("\"__type\":\"SerializationException\""), wrongType.body());
        assertTrue(unknown.body().contains("\"__type\":\"UnknownOperationException\""), unknown.body());
        assertEquals(200, fine.statusCode());
        assertEquals("application/x-amz-json-1.1", fine.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(fine.headers().firstValue("x-amzn-RequestId").isPresent());

        EcrException viaSdk = assertThrows(EcrException.class, () -> ecr.getAuthorizationToken());
        assertEquals("UnknownOperationException", viaSdk.awsErrorDetails().errorCode());
        assertEquals(400, viaSdk.statusCode());
    }

    @Test
    void faultsInsideTheEmulatorAreServerExceptions(@TempDir Path dir) {
        Digest gone = Digest.sha256Of(new byte[] {1});
        store.putBlob("hello", new ImageStore.Blob(gone, SampleImages.LAYER,
                new ImageStore.BlobContent.OnDisk(dir.resolve("deleted"))));

        ServerException fault = assertThrows(ServerException.class, () -> ecr.batchCheckLayerAvailability(r -> r
                .repositoryName("hello").layerDigests(gone.value())));
        assertEquals(500, fault.statusCode());
        assertEquals("ServerException", fault.awsErrorDetails().errorCode());
    }

    @Test
    void callsAreCountedPerOperationFailuresIncluded() {
        emulator.resetCallCounts();
        ecr.batchGetImage(r -> r.repositoryName("hello").imageIds(id("latest", null)));
        ecr.batchGetImage(r -> r.repositoryName("hello").imageIds(id("missing", null)));
        assertThrows(RepositoryNotFoundException.class, () -> ecr.listImages(r -> r.repositoryName("nothing")));

        assertEquals(2, emulator.calls("BatchGetImage"));
        assertEquals(1, emulator.calls("ListImages"));
        assertEquals(0, emulator.calls("GetDownloadUrlForLayer"));
        assertEquals(3, emulator.callCounts().values().stream().mapToLong(Long::longValue).sum());
        emulator.resetCallCounts();
        assertEquals(0, emulator.calls("BatchGetImage"));
    }

    // Helpers

    private static ImageIdentifier id(String tag, String digest) {
        return ImageIdentifier.builder().imageTag(tag).imageDigest(digest).build();
    }

    /** A repository of count small manifests; tag i names manifest i / 3, leaving the last two thirds untagged. */
    private List<String> manyTags(String repository, int count) {
        store.createRepository(repository);
        List<Digest> manifests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + SampleImages.MANIFEST
                    + "\",\"config\":{\"mediaType\":\"" + SampleImages.CONFIG + "\",\"digest\":\"sha256:"
                    + "0".repeat(64) + "\",\"size\":" + i + "},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
            manifests.add(store.putManifest(repository, manifest, SampleImages.MANIFEST));
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tag = "v" + String.format("%03d", i);
            store.tag(repository, tag, manifests.get(i / 3));
            tags.add(tag);
        }
        return tags;
    }

    private static <R, T> List<T> pages(Function<String, R> call, Function<R, List<T>> items,
                                        Function<R, String> nextToken) {
        List<T> all = new ArrayList<>();
        String token = null;
        int calls = 0;
        do {
            R page = call.apply(token);
            all.addAll(items.apply(page));
            token = nextToken.apply(page);
            assertTrue(++calls < 100, "paging must end");
        } while (token != null);
        return all;
    }

    private HttpResponse<String> post(String operation, String body, boolean signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signed) request.header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ecr/"
                + "aws4_request, SignedHeaders=host, Signature=0");
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
