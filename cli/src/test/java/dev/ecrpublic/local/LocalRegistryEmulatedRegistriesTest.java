package dev.ecrpublic.local;

import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.EmulatedEcrClients;
import dev.ecrpublic.local.ecr.EmulatedRegistries;
import dev.ecrpublic.local.ecr.EmulatedRegistriesException;
import dev.ecrpublic.local.ecr.TinyLayouts;
import static dev.ecrpublic.local.ecr.EmulatedEcrClients.arn;
import static dev.ecrpublic.local.ecr.EmulatedEcrClients.tag;

import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A local registry started with emulated registries (as {@code serve --ecr} starts it): the other accounts' and
 * regions' repositories and their tags, seen through the real AWS SDK client the way the functions see ECR.
 */
class LocalRegistryEmulatedRegistriesTest {
    private static final String OTHER_ACCOUNT = "210987654321";
    private static final String OTHER_REGION = "eu-west-1";
    private static final String REPLICA_REGION = "us-west-2";

    @TempDir
    Path dir;

    private LocalRegistry registry;
    private Digest imported;

    @BeforeEach
    void start() throws IOException {
        imported = TinyLayouts.write(dir.resolve("layouts"), "shared/app", "v1", "from the images account");
        Path file = dir.resolve("ecr.json");
        Files.writeString(file, """
                {"registries": [
                  {"registryId": "210987654321", "region": "eu-west-1", "images": "layouts", "samples": ["tools/base"],
                   "repositoryTags": {"shared/app": {"ecr-public:pull": "anonymous"},
                                      "tools/base": {"ecr-public:pull": "ci-bot oidc:https://issuer.example"}}},
                  {"region": "us-west-2", "samples": ["replica"], "repositoryTags": {"replica": {"dr": "yes"}}},
                  {"samples": ["team/app"], "repositoryTags": {"hello": {"ecr-public:pull": "authenticated"}}}
                ]}""");
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null).withEcr(EmulatedRegistries.read(file)));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void theOtherAccountsRepositoriesAndTagsAreThereForTheSdk() {
        try (EcrClient ecr = client(OTHER_REGION)) {
            List<Repository> repositories = ecr.describeRepositories(r -> r.registryId(OTHER_ACCOUNT)).repositories();
            assertEquals(List.of("shared/app", "tools/base"), repositories.stream().map(Repository::repositoryName).toList());
            assertEquals("arn:aws:ecr:eu-west-1:210987654321:repository/shared/app", repositories.getFirst().repositoryArn());
            assertEquals(imported.value(), ecr.batchGetImage(r -> r.registryId(OTHER_ACCOUNT).repositoryName("shared/app")
                    .imageIds(ImageIdentifier.builder().imageTag("v1").build())).images().getFirst().imageId().imageDigest());
            assertEquals(List.of("latest"), ecr.listImages(r -> r.registryId(OTHER_ACCOUNT).repositoryName("tools/base")
                    .filter(f -> f.tagStatus("TAGGED"))).imageIds().stream().map(ImageIdentifier::imageTag).toList());

            assertEquals(List.of(tag("ecr-public:pull", "anonymous")), ecr.listTagsForResource(r -> r
                    .resourceArn(arn(OTHER_REGION, OTHER_ACCOUNT, "shared/app"))).tags());
            assertEquals(List.of(tag("ecr-public:pull", "ci-bot oidc:https://issuer.example")), ecr.listTagsForResource(
                    r -> r.resourceArn(arn(OTHER_REGION, OTHER_ACCOUNT, "tools/base"))).tags());

            // Only in that account: the own account's registry in that region does not have them.
            assertThrows(RepositoryNotFoundException.class, () -> ecr.listImages(r -> r.repositoryName("shared/app")));
        }
        // Only in that region.
        try (EcrClient elsewhere = client(REPLICA_REGION)) {
            assertThrows(RepositoryNotFoundException.class, () -> elsewhere.describeRepositories(r -> r
                    .registryId(OTHER_ACCOUNT)));
        }
    }

    @Test
    void theOwnAccountsOtherRegionIsReachedBySigningForIt() {
        try (EcrClient ecr = client(REPLICA_REGION)) {
            assertEquals(List.of("replica"), ecr.describeRepositories(r -> { }).repositories().stream()
                    .map(Repository::repositoryName).toList());
            assertEquals(List.of(tag("dr", "yes")), ecr.listTagsForResource(r -> r
                    .resourceArn(arn(REPLICA_REGION, EcrEmulator.ACCOUNT_ID, "replica"))).tags());
        }
    }

    @Test
    void anEntryWithoutAccountOrRegionAddsToTheRegistryServeServes() throws Exception {
        try (EcrClient ecr = client(EcrEmulator.DEFAULT_REGION)) {
            assertEquals(List.of("hello", "team/app"), ecr.describeRepositories(r -> { }).repositories().stream()
                    .map(Repository::repositoryName).toList());
            assertEquals(List.of(tag("ecr-public:pull", "authenticated")), ecr.listTagsForResource(r -> r
                    .resourceArn(arn(EcrEmulator.DEFAULT_REGION, EcrEmulator.ACCOUNT_ID, "hello"))).tags());
        }
        // And what it holds is pulled through the gateway like hello.
        HttpResponse<byte[]> manifest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/v2/team/app/manifests/latest")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, manifest.statusCode());
        assertEquals(registry.images().resolveTag("hello", "latest").orElseThrow().value(),
                manifest.headers().firstValue("Docker-Content-Digest").orElseThrow());
    }

    @Test
    void tagsChangeWhileTheRegistryRuns() {
        registry.ecr().store(OTHER_ACCOUNT, OTHER_REGION).untagRepository("shared/app", List.of("ecr-public:pull"));
        registry.ecr().store(OTHER_ACCOUNT, OTHER_REGION).tagRepository("tools/base", Map.of("ecr-public:pull", "anonymous"));
        try (EcrClient ecr = client(OTHER_REGION)) {
            assertEquals(List.of(), ecr.listTagsForResource(r -> r
                    .resourceArn(arn(OTHER_REGION, OTHER_ACCOUNT, "shared/app"))).tags());
            assertEquals(List.of(tag("ecr-public:pull", "anonymous")), ecr.listTagsForResource(r -> r
                    .resourceArn(arn(OTHER_REGION, OTHER_ACCOUNT, "tools/base"))).tags());
            // And the other way round: what TagResource sets is in the store.
            ecr.tagResource(r -> r.resourceArn(arn(OTHER_REGION, OTHER_ACCOUNT, "shared/app"))
                    .tags(tag("ecr-public:pull", "ci-bot")));
        }
        assertEquals(Map.of("ecr-public:pull", "ci-bot"),
                registry.ecr().store(OTHER_ACCOUNT, OTHER_REGION).repositoryTags("shared/app"));
    }

    @Test
    void aConfigurationThatCannotBeAppliedFailsTheStart() {
        EmulatedRegistries missing = new EmulatedRegistries(List.of(new EmulatedRegistries.Registry(OTHER_ACCOUNT,
                OTHER_REGION, Optional.empty(), List.of("app"), Map.of("ap", Map.of("ecr-public:pull", "anonymous")))));
        EmulatedRegistriesException e = assertThrows(EmulatedRegistriesException.class,
                () -> LocalRegistry.start(LocalRegistry.Options.loopback(null).withEcr(missing)));
        assertTrue(e.getMessage().startsWith("registries[0].repositoryTags[\"ap\"]: registry 210987654321/eu-west-1"
                + " has no repository ap"), e.getMessage());
    }

    @Test
    void emulatedRegistriesOnlyGoWithTheLocalBackend() {
        EmulatedRegistries some = EmulatedRegistries.parse("{\"registries\": [{}]}", dir);
        assertThrows(IllegalArgumentException.class, () -> new LocalRegistry.Options("127.0.0.1", 0, null,
                LocalRegistry.Backend.AWS, Optional.empty(), some));
        assertEquals(EmulatedRegistries.NONE, LocalRegistry.Options.loopback(null).ecr());
        assertEquals(EmulatedRegistries.NONE, new LocalRegistry.Options("127.0.0.1", 0, null,
                LocalRegistry.Backend.AWS, Optional.empty(), null).ecr());
    }

    private EcrClient client(String region) {
        return EmulatedEcrClients.client(registry.ecr().endpoint(), region);
    }
}
