package dev.ecrpublic.local.ecr;

import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ArtifactStatus;
import software.amazon.awssdk.services.ecr.model.ArtifactStatusFilter;
import software.amazon.awssdk.services.ecr.model.ImageReferrer;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;
import software.amazon.awssdk.services.ecr.model.ListImageReferrersRequest;
import software.amazon.awssdk.services.ecr.model.ListImageReferrersResponse;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ListImageReferrers on the emulator, driven by the real AWS SDK client as the proxy drives it. */
class EcrEmulatorReferrersTest {
    static final String REGION = "eu-west-1";
    static final String SBOM = "application/spdx+json";

    ImageStore store;
    EcrEmulator emulator;
    EcrClient ecr;
    Digest index;
    long indexSize;

    @BeforeEach
    void start() throws IOException {
        store = new ImageStore();
        SampleImages.seed(store);
        emulator = EcrEmulator.start(store, REGION);
        ecr = EmulatedEcrClients.client(emulator.endpoint(), REGION);
        index = store.resolveTag("hello", "latest").orElseThrow();
        indexSize = store.manifest("hello", index).orElseThrow().bytes().length;
    }

    @AfterEach
    void stop() {
        ecr.close();
        emulator.close();
    }

    ListImageReferrersResponse list(String repository, Digest subject, Consumer<ListImageReferrersRequest.Builder> more) {
        return ecr.listImageReferrers(b -> {
            b.repositoryName(repository).subjectId(s -> s.imageDigest(subject.value()));
            more.accept(b);
        });
    }

    /** Every page, following nextToken, with these request settings. */
    List<ImageReferrer> all(Digest subject, Consumer<ListImageReferrersRequest.Builder> more) {
        List<ImageReferrer> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            ListImageReferrersResponse page = list("hello", subject, b -> {
                more.accept(b);
                b.nextToken(current);
            });
            all.addAll(page.referrers());
            token = page.nextToken();
            assertTrue(++pages < 100, "paging must end");
        } while (token != null);
        return all;
    }

    @Test
    void theSampleReferrerDescribesItsManifest() {
        Digest artifact = SampleImages.seedReferrer(store, "hello");
        ImageStore.Manifest stored = store.manifest("hello", artifact).orElseThrow();

        ListImageReferrersResponse response = list("hello", index, b -> { });
        assertNull(response.nextToken());
        assertEquals(1, response.referrers().size());
        ImageReferrer referrer = response.referrers().getFirst();
        assertEquals(artifact.value(), referrer.digest());
        assertEquals(SampleImages.MANIFEST, referrer.mediaType());
        assertEquals(SampleImages.SIGNATURE_TYPE, referrer.artifactType());
        assertEquals(stored.bytes().length, referrer.size());
        assertEquals(ArtifactStatus.ACTIVE, referrer.artifactStatus());
        assertEquals("2024-01-01T00:00:00Z", referrer.annotations().get("org.opencontainers.image.created"));
    }

    @Test
    void onlyManifestsNamingThatSubjectAreListedAndAnUnknownSubjectHasNone() {
        Digest platform = store.manifests("hello").values().stream()
                .filter(m -> m.mediaType().equals(SampleImages.MANIFEST)).findFirst().orElseThrow().digest();
        ReferringArtifacts.push(store, "hello", platform, 500, SBOM, 1);
        ReferringArtifacts.push(store, "hello", index, indexSize, SBOM, 2);

        assertEquals(1, list("hello", index, b -> { }).referrers().size());
        assertEquals(1, list("hello", platform, b -> { }).referrers().size());
        assertEquals(List.of(), list("hello", new Digest("sha256:" + "0".repeat(64)), b -> { }).referrers(),
                "referrers may come before their subject: no error");
    }

    @Test
    void anArtifactInAnImportedLayoutIsAReferrerOfItsSubject(@TempDir Path dir) throws IOException {
        Digest image = TinyLayouts.write(dir, "team/app", "1.0", "hello");
        Path layout = dir.resolve("team/app");
        long imageSize = Files.size(blob(layout, image));
        Files.writeString(blob(layout, new Digest(ReferringArtifacts.EMPTY_DIGEST)), "{}");
        byte[] artifact = ("{\"schemaVersion\":2,\"mediaType\":\"" + SampleImages.MANIFEST + "\",\"artifactType\":\""
                + SBOM + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + ReferringArtifacts.EMPTY_DIGEST + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
                + SampleImages.MANIFEST + "\",\"digest\":\"" + image.value() + "\",\"size\":" + imageSize + "}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest artifactDigest = Digest.sha256Of(artifact);
        Files.write(blob(layout, artifactDigest), artifact);
        // As oras and skopeo lay out a referrer: an untagged entry of index.json.
        String index = Files.readString(layout.resolve("index.json"));
        Files.writeString(layout.resolve("index.json"), index.replace("]}", ",{\"mediaType\":\"" + SampleImages.MANIFEST
                + "\",\"digest\":\"" + artifactDigest.value() + "\",\"size\":" + artifact.length + "}]}"));

        assertEquals(List.of("team/app"), OciLayouts.importAll(dir, store));
        List<ImageReferrer> found = list("team/app", image, b -> { }).referrers();
        assertEquals(List.of(artifactDigest.value()), found.stream().map(ImageReferrer::digest).toList());
        assertEquals(SBOM, found.getFirst().artifactType());
    }

    private static Path blob(Path layout, Digest digest) {
        return layout.resolve("blobs/sha256/" + digest.value().substring("sha256:".length()));
    }

    @Test
    void withoutAnArtifactTypeTheConfigsTypeStandsForIt() {
        ReferringArtifacts.push(store, "hello", index, indexSize, null, 1);
        ImageReferrer referrer = list("hello", index, b -> { }).referrers().getFirst();
        assertEquals("application/vnd.oci.empty.v1+json", referrer.artifactType());
        assertEquals(Map.of("n", "1"), referrer.annotations());
    }

    @Test
    void filtersByArtifactTypeAndStatus() {
        SampleImages.seedReferrer(store, "hello");
        for (int i = 0; i < 3; i++) ReferringArtifacts.push(store, "hello", index, indexSize, SBOM, i);

        assertEquals(4, all(index, b -> { }).size());
        List<ImageReferrer> sboms = all(index, b -> b.filter(f -> f.artifactTypes(SBOM)));
        assertEquals(3, sboms.size());
        sboms.forEach(r -> assertEquals(SBOM, r.artifactType()));
        assertEquals(4, all(index, b -> b.filter(f -> f.artifactTypes(SBOM, SampleImages.SIGNATURE_TYPE))).size());
        assertEquals(List.of(), all(index, b -> b.filter(f -> f.artifactTypes("application/other"))));
        assertEquals(4, all(index, b -> b.filter(f -> f.artifactStatus(ArtifactStatusFilter.ANY))).size());
        assertEquals(List.of(), all(index, b -> b.filter(f -> f.artifactStatus(ArtifactStatusFilter.ARCHIVED))),
                "nothing is archived here");
        assertThrows(InvalidParameterException.class,
                () -> list("hello", index, b -> b.filter(f -> f.artifactStatus("SOMETIMES"))));
    }

    @Test
    void pagesByMaxResultsAndByFiftyWithout() {
        for (int i = 0; i < 60; i++) ReferringArtifacts.push(store, "hello", index, indexSize, SBOM, i);

        ListImageReferrersResponse first = list("hello", index, b -> { });
        assertEquals(50, first.referrers().size(), "ECR's default page");
        assertNotNull(first.nextToken());
        List<ImageReferrer> bySeven = all(index, b -> b.maxResults(7));
        assertEquals(60, bySeven.size());
        assertEquals(60, new HashSet<>(bySeven.stream().map(ImageReferrer::digest).toList()).size());
        assertEquals(bySeven, all(index, b -> b.maxResults(7)), "the same order every time");
        assertEquals(bySeven, all(index, b -> b.maxResults(50)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 51, 1000})
    void rejectsMaxResultsOutsideOneToFifty(int maxResults) {
        assertThrows(InvalidParameterException.class, () -> list("hello", index, b -> b.maxResults(maxResults)));
    }

    @Test
    void failsAsEcrDoes() {
        SampleImages.seed(store, "other");
        for (int i = 0; i < 3; i++) ReferringArtifacts.push(store, "other", index, indexSize, SBOM, i);
        String foreign = list("other", index, b -> b.maxResults(1)).nextToken();
        assertThrows(InvalidParameterException.class, () -> list("hello", index, b -> b.nextToken(foreign)));
        assertThrows(InvalidParameterException.class, () -> list("hello", index, b -> b.nextToken("%%%")));
        assertThrows(RepositoryNotFoundException.class, () -> list("nothing", index, b -> { }));
        assertThrows(InvalidParameterException.class,
                () -> ecr.listImageReferrers(b -> b.repositoryName("hello").subjectId(s -> s.imageDigest("latest"))));
        assertThrows(InvalidParameterException.class, () -> ecr.listImageReferrers(b -> b.repositoryName("hello")));
        assertEquals(6, emulator.calls("ListImageReferrers"), "each call counted, failed ones too");
    }
}
