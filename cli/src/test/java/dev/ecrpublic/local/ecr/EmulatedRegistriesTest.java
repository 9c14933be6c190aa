package dev.ecrpublic.local.ecr;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code serve --ecr} document: what it means, every way it can be wrong, and putting it into an emulator. */
class EmulatedRegistriesTest {
    private static final String OTHER = "210987654321";
    private static final String ALLOWED = "allowed: [images, region, registryId, repositoryTags, samples]";

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) c.close();
    }

    // Meaning

    @Test
    void everyFieldOfAnEntryIsOptionalAndTheDefaultsAreTheOwnAccountInTheLocalRegion() {
        EmulatedRegistries parsed = EmulatedRegistries.parse("{\"registries\": [{}]}", dir);
        EmulatedRegistries.Registry only = parsed.registries().getFirst();
        assertEquals(EcrEmulator.ACCOUNT_ID, only.registryId());
        assertEquals(EcrEmulator.DEFAULT_REGION, only.region());
        assertEquals("us-east-1", only.region());
        assertEquals(Optional.empty(), only.images());
        assertEquals(List.of(), only.samples());
        assertEquals(Map.of(), only.repositoryTags());
        assertEquals(EcrEmulator.ACCOUNT_ID + "/us-east-1", only.name());

        // JSON null is the same as leaving the field out.
        assertEquals(parsed, EmulatedRegistries.parse("{\"registries\": [{\"registryId\": null, \"region\": null,"
                + " \"images\": null, \"samples\": null, \"repositoryTags\": null}]}", dir));
        assertTrue(EmulatedRegistries.parse("{\"registries\": []}", dir).isEmpty());
        assertTrue(EmulatedRegistries.NONE.isEmpty());
    }

    @Test
    void aFullEntryIsReadAsWritten() throws IOException {
        Files.createDirectories(dir.resolve("layouts"));
        EmulatedRegistries parsed = EmulatedRegistries.parse("""
                {"registries": [
                  {"registryId": "210987654321", "region": "eu-west-1", "images": "layouts",
                   "samples": ["app", "tools/base"],
                   "repositoryTags": {"app": {"ecr-public:pull": "anonymous ci-bot", "team": "web"},
                                      "tools/base": {}}},
                  {"region": "us-gov-west-1"}
                ]}""", dir);
        EmulatedRegistries.Registry first = parsed.registries().getFirst();
        assertEquals(OTHER, first.registryId());
        assertEquals("eu-west-1", first.region());
        assertEquals(Optional.of(dir.resolve("layouts").toAbsolutePath()), first.images());
        assertEquals(List.of("app", "tools/base"), first.samples());
        assertEquals(Map.of("app", Map.of("ecr-public:pull", "anonymous ci-bot", "team", "web"), "tools/base", Map.of()),
                first.repositoryTags());
        EmulatedRegistries.Registry second = parsed.registries().get(1);
        assertEquals(EcrEmulator.ACCOUNT_ID + "/us-gov-west-1", second.name());
    }

    @Test
    void relativeImagesResolveAgainstTheFilesDirectoryAndAbsoluteOnesAreKept() throws IOException {
        Path layouts = Files.createDirectories(dir.resolve("shared/layouts"));
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Path file = configDir.resolve("ecr.json");
        Files.writeString(file, "{\"registries\": [{\"images\": \"../shared/layouts\"},"
                + " {\"region\": \"eu-west-1\", \"images\": \"" + layouts.toAbsolutePath() + "\"}]}");

        EmulatedRegistries read = EmulatedRegistries.read(file);
        assertEquals(Optional.of(layouts.toAbsolutePath().normalize()), read.registries().get(0).images());
        assertEquals(Optional.of(layouts.toAbsolutePath().normalize()), read.registries().get(1).images());

        // Not against the working directory: the same relative path from elsewhere is not there.
        EmulatedRegistriesException e = assertThrows(EmulatedRegistriesException.class, () -> EmulatedRegistries
                .parse("{\"registries\": [{\"images\": \"../shared/layouts\"}]}", layouts));
        assertEquals("registries[0].images: " + dir.resolve("shared/shared/layouts").toAbsolutePath().normalize()
                + " is not a directory", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-2", "ap-southeast-4", "us-gov-west-1", "cn-north-1",
            "us-isob-east-1"})
    void regionsLikeAwsOnesAreAccepted(String region) {
        assertEquals(region, parse("{\"region\": \"" + region + "\"}").registries().getFirst().region());
    }

    // Errors, each naming where

    @Test
    void documentErrors() {
        assertTrue(error("{\"registries\": [").startsWith("not valid JSON at line 1, column "), error("{\"registries\": ["));
        assertTrue(error("{\"registries\": []} []").startsWith("not valid JSON"), error("{\"registries\": []} []"));
        String duplicate = error("{\"registries\": [], \"registries\": []}");
        assertTrue(duplicate.startsWith("not valid JSON") && duplicate.contains("registries"), duplicate);
        assertEquals("empty, expected a JSON object", error(""));
        assertEquals("empty, expected a JSON object", error("  \n"));
        assertEquals("must be an object", error("[]"));
        assertEquals("must be an object", error("\"registries\""));
        assertEquals("registries: missing", error("{}"));
        assertEquals("registries: missing", error("{\"registries\": null}"));
        assertEquals("registries: must be a list", error("{\"registries\": {}}"));
        assertEquals("unknown key(s) [policy, registry], allowed: [registries]",
                error("{\"registries\": [], \"registry\": [], \"policy\": {}}"));
        assertEquals("registries[1]: must be an object", error("{\"registries\": [{}, 1]}"));
        assertEquals("registries[0]: unknown key(s) [image], " + ALLOWED, entryError("{\"image\": \"x\"}"));
        assertEquals("registries[0]: unknown key(s) [RegistryId], " + ALLOWED,
                entryError("{\"RegistryId\": \"210987654321\"}"));
    }

    @Test
    void registryIdAndRegionErrors() {
        assertEquals("registries[0].registryId: must be a string (in quotes)", entryError("{\"registryId\": 210987654321}"));
        assertEquals("registries[0].registryId: must be 12 digits, got \"12345\"", entryError("{\"registryId\": \"12345\"}"));
        assertEquals("registries[0].registryId: must be 12 digits, got \"21098765432a\"",
                entryError("{\"registryId\": \"21098765432a\"}"));
        assertEquals("registries[0].region: must be a string", entryError("{\"region\": [\"eu-west-1\"]}"));
        for (String bad : List.of("EU-West-1", "eu-west", "local", "", "eu_west_1", "eu-west-1a", "e-west-1"))
            assertEquals("registries[0].region: must be an AWS region such as eu-west-1, got \"" + bad + "\"",
                    entryError("{\"region\": \"" + bad + "\"}"), bad);
    }

    @Test
    void theSameRegistryListedTwiceIsAnErrorHoweverItIsSpelled() {
        assertEquals("registries[2]: registry 123456789012/us-east-1 is already listed at registries[0]",
                error("{\"registries\": [{}, {\"region\": \"eu-west-1\"},"
                        + " {\"registryId\": \"123456789012\", \"region\": \"us-east-1\"}]}"));
        assertEquals("registries[1]: registry 210987654321/eu-west-1 is already listed at registries[0]",
                error("{\"registries\": [{\"registryId\": \"210987654321\", \"region\": \"eu-west-1\"},"
                        + " {\"region\": \"eu-west-1\", \"registryId\": \"210987654321\", \"samples\": [\"x1\"]}]}"));
        // The same account in two regions, or two accounts in one region, are different registries.
        assertEquals(3, parse("{\"registryId\": \"210987654321\", \"region\": \"eu-west-1\"},"
                + " {\"registryId\": \"210987654321\", \"region\": \"us-west-2\"}, {\"region\": \"eu-west-1\"}")
                .registries().size());
    }

    @Test
    void imagesErrors() throws IOException {
        assertEquals("registries[0].images: must be a string", entryError("{\"images\": [\"a\"]}"));
        assertEquals("registries[0].images: must name a directory", entryError("{\"images\": \"\"}"));
        assertEquals("registries[0].images: " + dir.resolve("nowhere").toAbsolutePath() + " is not a directory",
                entryError("{\"images\": \"nowhere\"}"));
        Files.writeString(dir.resolve("file"), "x");
        assertEquals("registries[0].images: " + dir.resolve("file").toAbsolutePath() + " is not a directory",
                entryError("{\"images\": \"file\"}"));
    }

    @Test
    void samplesErrors() {
        assertEquals("registries[0].samples: must be a list", entryError("{\"samples\": \"app\"}"));
        assertEquals("registries[0].samples[1]: must be a string", entryError("{\"samples\": [\"app\", 7]}"));
        assertEquals("registries[0].samples[1]: must be a string", entryError("{\"samples\": [\"app\", null]}"));
        for (String bad : List.of("App", "a", "team//app", "/app", "app/", "a__b", "x".repeat(257)))
            assertEquals("registries[0].samples[0]: \"" + bad + "\" is not a repository name ECR accepts"
                            + " (2 to 256 characters of lowercase letters, digits and . _ - / separators)",
                    entryError("{\"samples\": [\"" + bad + "\"]}"), bad);
        assertEquals("registries[0].samples[2]: app is listed twice",
                entryError("{\"samples\": [\"app\", \"tools/base\", \"app\"]}"));
    }

    @Test
    void repositoryTagsErrors() {
        String where = "registries[0].repositoryTags";
        assertEquals(where + ": must be an object of repository name to tags",
                entryError("{\"repositoryTags\": [{\"app\": {}}]}"));
        assertEquals(where + "[\"app\"]: must be an object of tag key to value",
                entryError("{\"repositoryTags\": {\"app\": \"ecr-public:pull=anonymous\"}}"));
        assertEquals(where + "[\"app\"]: must be an object of tag key to value",
                entryError("{\"repositoryTags\": {\"app\": null}}"));
        assertEquals(where + "[\"app\"][\"ecr-public:pull\"]: must be a string",
                entryError("{\"repositoryTags\": {\"app\": {\"ecr-public:pull\": [\"anonymous\"]}}}"));
        assertEquals(where + "[\"app\"][\"ecr-public:pull\"]: must be a string",
                entryError("{\"repositoryTags\": {\"app\": {\"ecr-public:pull\": true}}}"));
        assertEquals(where + "[\"Team/App\"]: \"Team/App\" is not a repository name ECR accepts"
                        + " (2 to 256 characters of lowercase letters, digits and . _ - / separators)",
                entryError("{\"repositoryTags\": {\"Team/App\": {\"a\": \"b\"}}}"));
        assertEquals(where + "[\"app\"][\"aws:owner\"]: tag keys starting with aws: are reserved",
                entryError("{\"repositoryTags\": {\"app\": {\"aws:owner\": \"me\"}}}"));
        assertEquals(where + "[\"app\"][\"\"]: a tag key has 1 to 128 characters",
                entryError("{\"repositoryTags\": {\"app\": {\"\": \"x\"}}}"));
        String longKey = "k".repeat(129);
        assertEquals(where + "[\"app\"][\"" + longKey + "\"]: a tag key has 1 to 128 characters",
                entryError("{\"repositoryTags\": {\"app\": {\"" + longKey + "\": \"x\"}}}"));
        assertEquals(where + "[\"app\"][\"k\"]: a tag value has at most 256 characters",
                entryError("{\"repositoryTags\": {\"app\": {\"k\": \"" + "v".repeat(257) + "\"}}}"));
        String fiftyOne = IntStream.range(0, 51).mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
        assertEquals(where + "[\"app\"]: a repository can have at most 50 tags, got 51",
                entryError("{\"repositoryTags\": {\"app\": " + fiftyOne + "}}"));
        // The limits themselves are fine.
        String fifty = IntStream.range(0, 50).mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
        assertEquals(50, parse("{\"repositoryTags\": {\"app\": " + fifty + "}}").registries().getFirst()
                .repositoryTags().get("app").size());
        assertEquals(1, parse("{\"repositoryTags\": {\"app\": {\"" + "k".repeat(128) + "\": \"" + "v".repeat(256)
                + "\", \"x\": \"\"}}}").registries().size());
    }

    @Test
    void errorsFromAnEntryFurtherDownNameItsIndex() {
        assertEquals("registries[2].region: must be an AWS region such as eu-west-1, got \"moon\"",
                error("{\"registries\": [{}, {\"region\": \"eu-west-1\"}, {\"region\": \"moon\"}]}"));
    }

    @Test
    void aFileThatCannotBeReadSaysSo() throws IOException {
        assertEquals("no such file", assertThrows(EmulatedRegistriesException.class,
                () -> EmulatedRegistries.read(dir.resolve("missing.json"))).getMessage());
        Files.createDirectories(dir.resolve("a-directory.json"));
        assertTrue(assertThrows(EmulatedRegistriesException.class,
                () -> EmulatedRegistries.read(dir.resolve("a-directory.json"))).getMessage().startsWith("cannot be read"));
    }

    @Test
    void recordsBuiltInCodeAreCheckedTheSameWay() {
        assertThrows(EmulatedRegistriesException.class, () -> new EmulatedRegistries.Registry("1", "eu-west-1",
                Optional.empty(), List.of(), Map.of()));
        EmulatedRegistries.Registry one = new EmulatedRegistries.Registry(OTHER, "eu-west-1", Optional.empty(),
                List.of("app"), Map.of("app", Map.of("k", "v")));
        assertEquals("registries[1]: registry 210987654321/eu-west-1 is already listed at registries[0]",
                assertThrows(EmulatedRegistriesException.class, () -> new EmulatedRegistries(List.of(one, one)))
                        .getMessage());
        assertThrows(UnsupportedOperationException.class, () -> one.repositoryTags().put("x", Map.of()));
        assertThrows(UnsupportedOperationException.class, () -> one.repositoryTags().get("app").put("x", "y"));
    }

    // Applying

    @Test
    void applyingImportsImagesSeedsSamplesAndTagsRepositoriesOfEachRegistry() throws IOException {
        TinyLayouts.write(dir.resolve("layouts"), "team/app", "v1", "team app in the other account");
        EcrEmulator emulator = emulator();
        EmulatedRegistries.parse("""
                {"registries": [
                  {"registryId": "210987654321", "region": "eu-west-1", "images": "layouts", "samples": ["tools/base"],
                   "repositoryTags": {"team/app": {"ecr-public:pull": "anonymous"}, "tools/base": {"team": "infra"}}},
                  {"region": "us-west-2", "samples": ["replica"]},
                  {"repositoryTags": {"hello": {"ecr-public:pull": "authenticated"}}}
                ]}""", dir).applyTo(emulator);

        ImageStore other = emulator.store(OTHER, "eu-west-1");
        assertEquals(List.of("team/app", "tools/base"), List.copyOf(other.repositories()));
        assertEquals(List.of("v1"), List.copyOf(other.tags("team/app").keySet()));
        assertEquals(emulator.store().resolveTag("hello", "latest"), other.resolveTag("tools/base", "latest"),
                "samples are the sample image, same digests");
        assertEquals(Map.of("ecr-public:pull", "anonymous"), other.repositoryTags("team/app"));
        assertEquals(Map.of("team", "infra"), other.repositoryTags("tools/base"));

        assertEquals(List.of("replica"), List.copyOf(emulator.store(EcrEmulator.ACCOUNT_ID, "us-west-2").repositories()));
        assertEquals(List.of("hello"), List.copyOf(emulator.store().repositories()));
        assertEquals(Map.of("ecr-public:pull", "authenticated"), emulator.store().repositoryTags("hello"));
    }

    @Test
    void tagsOnARepositoryTheRegistryDoesNotHoldFailAndCreateNothing() throws IOException {
        EcrEmulator emulator = emulator();
        EmulatedRegistriesException e = assertThrows(EmulatedRegistriesException.class, () -> parse(
                "{\"registryId\": \"210987654321\", \"region\": \"eu-west-1\", \"samples\": [\"app\"],"
                        + " \"repositoryTags\": {\"hello\": {\"ecr-public:pull\": \"anonymous\"}}}").applyTo(emulator));
        assertEquals("registries[0].repositoryTags[\"hello\"]: registry 210987654321/eu-west-1 has no repository hello"
                + " (it has app); repositories come from images and samples", e.getMessage());
        assertFalse(emulator.store(OTHER, "eu-west-1").hasRepository("hello"));

        e = assertThrows(EmulatedRegistriesException.class, () -> parse(
                "{\"region\": \"ap-south-1\", \"repositoryTags\": {\"app\": {}}}").applyTo(emulator));
        assertEquals("registries[0].repositoryTags[\"app\"]: registry 123456789012/ap-south-1 has no repository app"
                + " (it has none); repositories come from images and samples", e.getMessage());
    }

    @Test
    void aSampleMayNotReplaceARepositoryTheRegistryHolds() throws IOException {
        TinyLayouts.write(dir.resolve("layouts"), "app", "latest", "imported");
        EcrEmulator emulator = emulator();
        EmulatedRegistriesException e = assertThrows(EmulatedRegistriesException.class, () -> parse(
                "{\"region\": \"eu-west-1\", \"images\": \"layouts\", \"samples\": [\"app\"]}").applyTo(emulator));
        assertEquals("registries[0].samples[0]: registry 123456789012/eu-west-1 already holds a repository app",
                e.getMessage());
        e = assertThrows(EmulatedRegistriesException.class, () -> parse("{\"samples\": [\"hello\"]}").applyTo(emulator));
        assertEquals("registries[0].samples[0]: registry 123456789012/us-east-1 already holds a repository hello",
                e.getMessage());
    }

    @Test
    void aBrokenLayoutFailsNamingTheEntry() throws IOException {
        Path layouts = Files.createDirectories(dir.resolve("layouts"));
        TinyLayouts.write(layouts, "app", "latest", "imported");
        Files.delete(layouts.resolve("app/index.json"));
        EcrEmulator emulator = emulator();
        EmulatedRegistriesException e = assertThrows(EmulatedRegistriesException.class, () -> parse(
                "{\"region\": \"eu-west-1\"}, {\"registryId\": \"210987654321\", \"images\": \"layouts\"}")
                .applyTo(emulator));
        assertEquals("registries[1].images: OCI layout " + layouts.resolve("app").toAbsolutePath() + " has no index.json",
                e.getMessage());
    }

    // Helpers

    private EcrEmulator emulator() throws IOException {
        ImageStore store = new ImageStore();
        SampleImages.seed(store);
        EcrEmulator emulator = EcrEmulator.start(store, EcrEmulator.DEFAULT_REGION);
        started.add(emulator);
        return emulator;
    }

    /** A document of the given entries (comma-separated JSON objects). */
    private EmulatedRegistries parse(String entries) {
        return EmulatedRegistries.parse("{\"registries\": [" + entries + "]}", dir);
    }

    private String error(String json) {
        return assertThrows(EmulatedRegistriesException.class, () -> EmulatedRegistries.parse(json, dir), json)
                .getMessage();
    }

    private String entryError(String entry) {
        return error("{\"registries\": [" + entry + "]}");
    }
}
