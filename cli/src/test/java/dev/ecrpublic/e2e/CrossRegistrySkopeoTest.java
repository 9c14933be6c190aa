package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecrpublic.local.ecr.EcrFault;
import dev.ecrpublic.local.ecr.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static dev.ecrpublic.e2e.CrossRegistryFixture.imagesAccount;
import static dev.ecrpublic.e2e.CrossRegistryFixture.tag;
import static dev.ecrpublic.e2e.CrossRegistryFixture.waitOutTheTagCache;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * skopeo pulls through {@code serve}'s token auth of images that live in a second account and a second region, and
 * of repositories that ECR repository tags open to the public or to one credential (issue 7).
 */
class CrossRegistrySkopeoTest {
    private static final RealClients.Availability CLIENT = RealClients.skopeo();
    private static TokenRegistry registry;

    private Path authfile;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = CrossRegistryFixture.start();
    }

    @BeforeEach
    void requireSkopeo(@TempDir Path dir) {
        CLIENT.require();
        authfile = dir.resolve("auth.json");
    }

    @AfterEach
    void clearFaults() {
        if (registry != null) registry.registry().ecr().clearFaults();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) registry.close();
    }

    @Test
    void copiesAnImageOfASecondAccount(@TempDir Path out) {
        var raw = inspect(null, "prod/app").run().assertOk();
        assertArrayEquals(SampleImage.read(imagesAccount(registry), "app", "latest").indexBytes(), raw.stdout(), raw.describe());
        var copy = skopeo("copy", "--src-tls-verify=false", "--authfile", authfile.toString(), "--override-os", "linux",
                "--override-arch", "arm64", source("prod/app"), "oci:" + out + ":latest").run().assertOk();
        new OciLayout(out).assertHolds("latest",
                SampleImage.read(imagesAccount(registry), "app", "latest").platform("linux", "arm64"), copy);
    }

    @Test
    void copiesAnImageOfASecondRegion(@TempDir Path out) {
        ImageStore dr = CrossRegistryFixture.drRegion(registry);
        var copy = skopeo("copy", "--src-tls-verify=false", "--authfile", authfile.toString(), "--override-os", "linux",
                "--override-arch", "amd64", source("dr/replica"), "oci:" + out + ":latest").run().assertOk();
        new OciLayout(out).assertHolds("latest", SampleImage.read(dr, "replica", "latest").platform("linux", "amd64"), copy);
    }

    @Test
    void aNameNoMappingReachesIsNotFoundInTheOwnAccount() {
        // prod/team exists in the images account but no pattern covers it and it carries no tag
        inspect(null, "prod/team").run().assertRefused("denied", "unauthorized");
        // the own account has no repository "app": the pull above really came from the images account
        inspect(null, "app").run().assertRefused("denied", "unauthorized");
    }

    @Test
    void aTagMakesARepositoryPublicAndRemovingItMakesItPrivateAgain() {
        ImageStore own = registry.registry().images();
        inspect(null, "tagged/app").run().assertRefused("denied", "unauthorized");

        tag(own, "tagged/app", "anonymous");
        waitOutTheTagCache();
        var raw = inspect(null, "tagged/app").run().assertOk();
        assertArrayEquals(registry.image("tagged/app").indexBytes(), raw.stdout(), raw.describe());

        own.untagRepository("tagged/app", List.of("ecr-public:pull"));
        waitOutTheTagCache();
        inspect(null, "tagged/app").run().assertRefused("denied", "unauthorized");
    }

    @Test
    void aTagNamingACredentialGrantsThatCredentialAndNobodyElse() {
        String alice = "alice:" + registry.issue("alice", "nothing/*");
        String bob = "bob:" + registry.issue("bob", "nothing/*");
        tag(imagesAccount(registry), "team", "alice");
        waitOutTheTagCache();

        inspect(alice, "prod/team").run().assertOk();
        inspect(bob, "prod/team").run().assertRefused("denied", "unauthorized");
        inspect(null, "prod/team").run().assertRefused("denied", "unauthorized");
        inspect(alice, "tagged/app").run().assertRefused("denied", "unauthorized");
    }

    @Test
    void failingTagReadsGrantNothingUntilTheyWorkAgain() {
        String carol = "carol:" + registry.issue("carol", "nothing/*");
        tag(registry.registry().images(), "tagged/app", "carol");
        registry.registry().ecr().inject("ListTagsForResource", EcrFault.THROTTLING);
        waitOutTheTagCache();
        inspect(carol, "tagged/app").run().assertRefused("denied", "unauthorized");

        registry.registry().ecr().clearFaults();
        waitOutTheTagCache();
        inspect(carol, "tagged/app").run().assertOk();
        registry.registry().images().untagRepository("tagged/app", List.of("ecr-public:pull"));
    }

    @Test
    void aTagGrantsPullOnlyWhateverTheClientAsksFor() throws Exception {
        tag(registry.registry().images(), "tagged/app", "anonymous");
        waitOutTheTagCache();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                registry.registry().url() + "/v2/token?scope=repository:tagged/app:push,pull,delete,*"
                        + "&scope=registry:catalog:*")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String token = SampleImage.parse(response.body().getBytes(StandardCharsets.UTF_8)).path("token").asText();
        JsonNode claims = SampleImage.parse(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals("[{\"type\":\"repository\",\"name\":\"tagged/app\",\"actions\":[\"pull\"]},"
                + "{\"type\":\"registry\",\"name\":\"catalog\",\"actions\":[\"*\"]}]", claims.path("access").toString());
        assertEquals("[\"hello\",\"prod/app\",\"dr/replica\"]", claims.path("catalog_repositories").toString(),
                "the catalog shows what the policy's patterns cover, never what a tag opened");
        registry.registry().images().untagRepository("tagged/app", List.of("ecr-public:pull"));
    }

    @Test
    void theCatalogListsMappedRegistriesUnderTheirPrefixes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(
                registry.registry().url() + "/v2/token?scope=registry:catalog:*")).build(), HttpResponse.BodyHandlers.ofString());
        String bearer = SampleImage.parse(token.body().getBytes(StandardCharsets.UTF_8)).path("token").asText();
        HttpResponse<String> catalog = http.send(HttpRequest.newBuilder(URI.create(registry.registry().url() + "/v2/_catalog"))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, catalog.statusCode(), catalog.body());
        assertEquals("{\"repositories\":[\"dr/replica\",\"hello\",\"prod/app\"]}", catalog.body());
    }

    private Command inspect(String creds, String repository) {
        return creds == null
                ? skopeo("inspect", "--tls-verify=false", "--authfile", authfile.toString(), "--raw", source(repository))
                : skopeo("inspect", "--tls-verify=false", "--creds", creds, "--raw", source(repository));
    }

    private static Command skopeo(String... args) {
        return RealClients.skopeoCommand(args);
    }

    private static String source(String repository) {
        return "docker://" + registry.latest(repository);
    }
}
