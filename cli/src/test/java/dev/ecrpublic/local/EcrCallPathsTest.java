package dev.ecrpublic.local;

import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.EcrFault;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.LayerLinks;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.proxy.ecr.EcrCalls;
import dev.ecrpublic.proxy.ecr.EcrClients;
import dev.ecrpublic.proxy.ecr.EcrJsonApi;
import dev.ecrpublic.proxy.ecr.EcrRegistry;
import dev.ecrpublic.proxy.ecr.EcrSdkApi;
import dev.ecrpublic.proxy.registry.BackingRegistry;
import dev.ecrpublic.proxy.registry.LocatedRepository;
import dev.ecrpublic.proxy.registry.ManifestMediaTypes;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.reference.Tag;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy's ECR path (signed JSON calls, {@link EcrJsonApi}) against the SDK's service client it replaced
 * ({@link EcrSdkApi}), the reference: the same questions to the same emulated ECR give the same answers, the same OCI
 * errors and the same number of ECR calls (retries included), for every call the proxy makes, in the own and another
 * account and region, across pages, and under each fault ECR can answer with. The one difference is the JDK's: a
 * dropped connection is sent again once by {@link java.net.HttpURLConnection} itself, within each attempt.
 */
class EcrCallPathsTest {
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String OTHER_REGION = "eu-west-1";
    /** More tags than one ListImages page holds (1000), so listings take two calls. */
    private static final int MANY_TAGS = 1001;

    private static EcrEmulator emulator;
    private static EcrCalls calls;
    private static EcrSdkApi sdk;
    private static EcrJsonApi json;
    private static BackingRegistry reference;
    private static BackingRegistry wire;
    private static Digest layer;
    private static Digest platformManifest;
    private static Digest helloIndex;

    @BeforeAll
    static void start() throws IOException {
        ImageStore store = new ImageStore();
        SampleImages.seed(store);
        SampleImages.seedReferrer(store, SampleImages.REPOSITORY);
        helloIndex = store.resolveTag(SampleImages.REPOSITORY, SampleImages.TAG).orElseThrow();
        emulator = EcrEmulator.start(store, "us-east-1");
        SampleImages.seed(emulator.store(OTHER_ACCOUNT, OTHER_REGION), "tools/base");
        SampleImages.seed(store, "many");
        Digest index = store.resolveTag("many", SampleImages.TAG).orElseThrow();
        for (int i = 0; i < MANY_TAGS; i++) store.tag("many", "t" + i, index);
        platformManifest = store.manifests(SampleImages.REPOSITORY).entrySet().stream()
                .filter(e -> new String(e.getValue().bytes()).contains("\"layers\""))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        layer = store.manifests(SampleImages.REPOSITORY).values().stream()
                .map(m -> new String(m.bytes()))
                .filter(m -> m.contains("\"layers\""))
                .map(m -> new Digest(m.replaceAll("(?s).*\"layers\"\\s*:\\s*\\[\\s*\\{[^}]*\"digest\"\\s*:\\s*\"([^\"]+)\".*", "$1")))
                .findFirst().orElseThrow();

        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        calls = new EcrCalls();
        Optional<URI> endpoint = Optional.of(emulator.endpoint());
        sdk = new EcrSdkApi(EcrClients.create(Region.US_EAST_1, credentials, endpoint, calls));
        json = EcrJsonApi.create("us-east-1", credentials, endpoint, calls);
        reference = new EcrRegistry(sdk, calls);
        wire = new EcrRegistry(json, calls);
    }

    @AfterAll
    static void stop() {
        if (sdk != null) sdk.close();
        if (json != null) json.close();
        if (emulator != null) emulator.close();
    }

    /** What one question gave: its answer or OCI error, and the ECR calls it took (retries count). */
    private record Outcome(String answer, Map<String, Long> ecrCalls, long counted) {}

    private static Map<String, Function<BackingRegistry, Object>> questions() {
        LocatedRepository hello = own(SampleImages.REPOSITORY);
        LocatedRepository elsewhere = new LocatedRepository(new RepositoryName("base"),
                new RepositoryLocation(Optional.of(OTHER_ACCOUNT), Optional.of(OTHER_REGION), "tools/base"));
        Digest missing = new Digest("sha256:" + "0".repeat(64));
        Map<String, Function<BackingRegistry, Object>> q = new LinkedHashMap<>();
        q.put("index by tag", r -> manifest(r, hello, tag(SampleImages.TAG), ManifestMediaTypes.ALL));
        q.put("platform manifest by digest", r -> manifest(r, hello, new ManifestReference.ByDigest(platformManifest), ManifestMediaTypes.ALL));
        q.put("index refused by Accept", r -> manifest(r, hello, tag(SampleImages.TAG), List.of(ManifestMediaTypes.DOCKER_MANIFEST)));
        q.put("unknown tag", r -> manifest(r, hello, tag("nope"), ManifestMediaTypes.ALL));
        q.put("unknown digest", r -> manifest(r, hello, new ManifestReference.ByDigest(missing), ManifestMediaTypes.ALL));
        q.put("unknown repository", r -> manifest(r, own("nope"), tag("latest"), ManifestMediaTypes.ALL));
        q.put("another account and region", r -> manifest(r, elsewhere, tag(SampleImages.TAG), ManifestMediaTypes.ALL));
        q.put("blob location", r -> downloadPath(r.blobLocation(hello, layer)));
        q.put("unknown blob location", r -> r.blobLocation(hello, missing));
        q.put("blob size", r -> r.blobSize(hello, layer));
        q.put("unknown blob size", r -> r.blobSize(hello, missing));
        q.put("blob size elsewhere", r -> r.blobSize(elsewhere, layer));
        q.put("tags", r -> sorted(r.tags(hello)));
        q.put("tags over two pages", r -> sorted(r.tags(own("many"))).size());
        q.put("tags of an unknown repository", r -> r.tags(own("nope")));
        q.put("repositories", r -> sorted(r.repositories(RepositoryLocation.own(""))));
        q.put("repositories elsewhere", r -> sorted(r.repositories(elsewhere.location())));
        q.put("referrers", r -> r.referrers(hello, helloIndex, List.of(), Optional.empty()));
        q.put("referrers of one artifact type", r -> r.referrers(hello, helloIndex,
                List.of(SampleImages.SIGNATURE_TYPE, "application/x-none"), Optional.empty()));
        q.put("referrers of a digest with none", r -> r.referrers(hello, missing, List.of(), Optional.empty()));
        q.put("referrers in an unknown repository", r -> r.referrers(own("nope"), helloIndex, List.of(), Optional.empty()));
        return q;
    }

    @Test
    void everyQuestionGetsTheSameAnswerThroughBothPaths() {
        List<String> differences = new ArrayList<>();
        questions().forEach((name, question) -> {
            Outcome expected = ask(reference, question);
            Outcome actual = ask(wire, question);
            if (!expected.equals(actual)) differences.add(name + ": SDK " + expected + ", JSON " + actual);
        });
        assertEquals(List.of(), differences);
        assertTrue(ask(wire, questions().get("index by tag")).answer().startsWith("application/vnd.oci.image.index.v1+json"),
                "the reference itself answers");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "THROTTLING, BatchGetImage, index by tag",
            "THROTTLING, ListImages, tags",
            "ACCESS_DENIED, BatchGetImage, index by tag",
            "ACCESS_DENIED, DescribeRepositories, repositories",
            "SERVER_ERROR, GetDownloadUrlForLayer, blob location",
            "SERVER_ERROR, ListImages, tags over two pages",
            "MALFORMED_BODY, BatchGetImage, index by tag",
            "MALFORMED_BODY, BatchCheckLayerAvailability, blob size",
            "CONNECTION_RESET, BatchGetImage, another account and region",
            "CONNECTION_RESET, DescribeRepositories, repositories elsewhere",
            "THROTTLING, ListImageReferrers, referrers",
            "SERVER_ERROR, ListImageReferrers, referrers"})
    void eachFaultEndsTheSameThroughBothPaths(EcrFault fault, String operation, String question) {
        emulator.inject(operation, fault);
        try {
            Outcome expected = ask(reference, questions().get(question));
            Outcome actual = ask(wire, questions().get(question));
            assertTrue(expected.answer().startsWith("error "), expected.toString());
            if (fault == EcrFault.CONNECTION_RESET) {
                // HttpURLConnection resends a buffered request once when the connection drops (EcrJsonClient).
                expected = new Outcome(expected.answer(), expected.ecrCalls().entrySet().stream().collect(
                        java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> 2 * e.getValue(), Long::sum, TreeMap::new)),
                        expected.counted());
            }
            assertEquals(expected, actual);
        } finally {
            emulator.clearFaults();
        }
    }

    private static Outcome ask(BackingRegistry registry, Function<BackingRegistry, Object> question) {
        emulator.resetCallCounts();
        long before = registry.callsOnThisThread();
        String answer;
        try {
            answer = String.valueOf(question.apply(registry));
        } catch (RegistryException e) {
            answer = "error " + e.error() + " " + e.error().status + " " + e.getMessage() + " " + new TreeMap<>(e.detail());
        }
        Map<String, Long> counts = new TreeMap<>(emulator.callCounts());
        counts.values().removeIf(n -> n == 0);
        return new Outcome(answer, counts, registry.callsOnThisThread() - before);
    }

    private static String manifest(BackingRegistry r, LocatedRepository repository, ManifestReference reference,
                                   List<String> accepted) {
        BackingRegistry.ManifestContent content = r.manifest(repository, reference, accepted);
        return content.mediaType() + " " + Digest.sha256Of(content.bytes()).value();
    }

    /** A download URL holds a one-time token; where it points is what must agree. */
    private static String downloadPath(URI location) {
        String path = location.getPath();
        assertTrue(path.startsWith(LayerLinks.PATH), location.toString());
        return location.getScheme() + "://" + location.getAuthority() + LayerLinks.PATH;
    }

    private static List<String> sorted(List<String> items) {
        return items.stream().sorted().toList();
    }

    private static LocatedRepository own(String name) {
        return LocatedRepository.own(new RepositoryName(name));
    }

    private static ManifestReference tag(String value) {
        return new ManifestReference.ByTag(new Tag(value));
    }
}
