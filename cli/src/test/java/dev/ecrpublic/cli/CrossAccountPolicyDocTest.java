package dev.ecrpublic.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.local.ecr.EmulatedRegistries;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/cross-account.md tells the owners of other accounts which ECR actions to allow the stack's roles in their
 * repository policies. Too few and pulls fail in their account only; too many and they grant more than is used. So
 * neither list is written down here: a full pull is driven through the real proxy against the ECR emulator (in the
 * own account, and in another account and region through a registries mapping), and a tag-granted token through the
 * real token function, and the IAM actions that authorize the operations the emulator saw must be exactly the
 * documented actions, and exactly what template.yaml grants.
 */
class CrossAccountPolicyDocTest {
    static final Path ROOT = Path.of("..");
    /** Strict, as a policy reader would be: a duplicated key or trailing text in a documented block fails. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final String PROXY_SID = "EcrPublicProxyPulls";
    /**
     * ECR operations authorized by another operation's IAM action; every other operation by its own. ECR's API
     * reference for ListImageReferrers: "The IAM principal invoking this operation must have the ecr:BatchGetImage
     * permission"; the IAM service authorization reference lists no ecr:ListImageReferrers action.
     */
    static final Map<String, String> AUTHORIZED_BY = Map.of("ListImageReferrers", "BatchGetImage");
    static final String TOKEN_SID = "EcrPublicTokenReadsTags";
    static final String GALLERY_SID = "EcrPublicGalleryReads";

    static List<JsonNode> jsonBlocks;
    static JsonNode repositoryPolicy;

    @BeforeAll
    static void readTheDoc() throws Exception {
        jsonBlocks = jsonBlocks(Files.readString(ROOT.resolve("docs/cross-account.md")));
        List<JsonNode> policies = jsonBlocks.stream().filter(b -> b.has("Statement")).toList();
        assertEquals(1, policies.size(), "one repository policy, holding every statement");
        repositoryPolicy = policies.getFirst();
    }

    /** Every ```json fenced block, parsed; a block that is not JSON fails here. */
    static List<JsonNode> jsonBlocks(String markdown) {
        List<JsonNode> blocks = new ArrayList<>();
        StringBuilder block = null;
        int line = 0, opened = 0;
        for (String l : markdown.split("\n", -1)) {
            line++;
            if (block == null && l.strip().equals("```json")) {
                block = new StringBuilder();
                opened = line;
            } else if (block != null && l.strip().equals("```")) {
                try {
                    blocks.add(JSON.readTree(block.toString()));
                } catch (Exception e) {
                    fail("the json block at line " + opened + " is not JSON: " + e.getMessage());
                }
                block = null;
            } else if (block != null) {
                block.append(l).append('\n');
            }
        }
        assertTrue(block == null, "the json block at line " + opened + " is never closed");
        return blocks;
    }

    static JsonNode statement(String sid) {
        for (JsonNode s : repositoryPolicy.path("Statement")) if (s.path("Sid").asText().equals(sid)) return s;
        throw new AssertionError("the repository policy has no statement " + sid);
    }

    static Set<String> actions(JsonNode statement) {
        Set<String> actions = new TreeSet<>();
        JsonNode action = statement.path("Action");
        if (action.isTextual()) actions.add(action.asText());
        else action.forEach(a -> assertTrue(actions.add(a.asText()), "listed twice: " + a));
        return actions;
    }

    static final String OTHER_ACCOUNT = "444455556666";
    /** Sample image "app" in another account and region, public by its tag. */
    static final String OTHER_REGISTRY = """
            {"registries": [{"registryId": "444455556666", "region": "eu-west-1", "samples": ["app"],
                             "repositoryTags": {"app": {"ecr-public:pull": "anonymous"}}}]}""";
    static final String MAPPING = """
            "registries": [{"prefix": "prod/", "registryId": "444455556666", "region": "eu-west-1", "stripPrefix": true}]""";

    /** A registry with token auth whose policy routes prod/ to the other account and region. */
    static LocalRegistry mappedRegistry(String policy) throws Exception {
        LocalRegistry.Auth auth = new LocalRegistry.Auth(null, Optional.of(AccessPolicy.parse(policy)),
                Duration.ofSeconds(300), Duration.ZERO, Duration.ZERO);
        return LocalRegistry.start(LocalRegistry.Options.loopback(null, auth)
                .withEcr(EmulatedRegistries.parse(OTHER_REGISTRY, Path.of("."))));
    }

    /**
     * Drives a whole pull of {@code name}, its referrers and the listings through the real proxy (with {@code token},
     * if any); answers the IAM actions that authorize the ECR operations it cost.
     */
    static Set<String> ecrOperationsOfAPull(LocalRegistry registry, String name, Optional<String> token) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> auth = token.map(t -> List.of("Authorization", "Bearer " + t)).orElse(List.of());
        registry.ecr().resetCallCounts();
        String index = "application/vnd.oci.image.index.v1+json";
        String manifest = "application/vnd.oci.image.manifest.v1+json";

        var tagged = send(http, registry, "GET", "/v2/" + name + "/manifests/latest", auth, index, manifest);
        assertEquals(200, tagged.statusCode(), new String(tagged.body()));
        assertEquals(200, send(http, registry, "HEAD", "/v2/" + name + "/manifests/latest", auth, index, manifest).statusCode());
        String platform = JSON.readTree(tagged.body()).path("manifests").path(0).path("digest").asText();
        var image = send(http, registry, "GET", "/v2/" + name + "/manifests/" + platform, auth, manifest);
        assertEquals(200, image.statusCode());
        String layer = JSON.readTree(image.body()).path("layers").path(0).path("digest").asText();
        assertEquals(200, send(http, registry, "HEAD", "/v2/" + name + "/blobs/" + layer, auth).statusCode());
        assertEquals(307, send(http, registry, "GET", "/v2/" + name + "/blobs/" + layer, auth).statusCode());
        assertEquals(200, send(http, registry, "GET", "/v2/" + name + "/tags/list", auth).statusCode());
        String subject = Digest.sha256Of(tagged.body()).value();
        var referrers = send(http, registry, "GET", "/v2/" + name + "/referrers/" + subject, auth);
        assertEquals(200, referrers.statusCode(), new String(referrers.body()));
        assertEquals(1, registry.ecr().calls("ListImageReferrers"), "the referrers API asked ECR");
        var catalog = send(http, registry, "GET", "/v2/_catalog", auth);
        assertEquals(200, catalog.statusCode());
        assertTrue(JSON.readTree(catalog.body()).path("repositories").toString().contains("\"" + name + "\""),
                new String(catalog.body()));
        return called(registry);
    }

    static Set<String> called(LocalRegistry registry) {
        Set<String> called = new TreeSet<>();
        registry.ecr().callCounts().forEach((operation, count) -> {
            if (count > 0) called.add("ecr:" + AUTHORIZED_BY.getOrDefault(operation, operation));
        });
        return called;
    }

    static HttpResponse<byte[]> send(HttpClient http, LocalRegistry registry, String method, String path,
                                     List<String> headers, String... accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.size(); i += 2) b.header(headers.get(i), headers.get(i + 1));
        for (String type : accept) b.header("Accept", type);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** An anonymous token for these scopes. */
    static JsonNode token(LocalRegistry registry, String... scopes) throws Exception {
        StringBuilder query = new StringBuilder("/v2/token?service=")
                .append(URLEncoder.encode(registry.hostPort(), StandardCharsets.UTF_8));
        for (String scope : scopes) query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        var r = send(HttpClient.newHttpClient(), registry, "GET", query.toString(), List.of());
        assertEquals(200, r.statusCode(), new String(r.body()));
        return JSON.readTree(r.body());
    }

    /** The repositories a token grants pull of, from its {@code access} claim. */
    static Set<String> pullable(JsonNode token) throws Exception {
        String payload = token.path("token").asText().split("\\.")[1];
        Set<String> names = new TreeSet<>();
        for (JsonNode a : JSON.readTree(Base64.getUrlDecoder().decode(payload)).path("access"))
            if (a.path("type").asText().equals("repository")) names.add(a.path("name").asText());
        return names;
    }

    @Test
    void theDocumentedProxyActionsAreExactlyTheEcrCallsOfAPullAndWhatTheTemplateGrants() throws Exception {
        Set<String> called;
        try (LocalRegistry registry = LocalRegistry.start(LocalRegistry.Options.loopback(null))) {
            called = ecrOperationsOfAPull(registry, "hello", Optional.empty());
        }
        assertEquals(5, called.size(),
                "manifests and referrers, blob redirects, blob checks, tag lists, the catalog: " + called);
        assertEquals(called, actions(statement(PROXY_SID)), "docs/cross-account.md, statement " + PROXY_SID);

        CloudFormationTemplate template = CloudFormationTemplate.read(ROOT.resolve("template.yaml"));
        for (String sid : List.of("PullFromTheServedRepositories", "PullFromTheMappedRepositories")) {
            List<String> granted = template.policyStatements("ProxyFunction").stream()
                    .filter(s -> s.sid().equals(sid)).findFirst()
                    .orElseThrow(() -> new AssertionError("template.yaml: ProxyFunction has no " + sid)).actions();
            assertEquals(called, new TreeSet<>(granted), "template.yaml, ProxyFunction " + sid);
            assertEquals(called.size(), granted.size(), sid + " lists an action twice");
        }
    }

    @Test
    void aPullFromAnotherAccountAndRegionCallsExactlyTheSameActions() throws Exception {
        // The emulator serves account 444455556666 only to calls that name it with registryId and sign for its region.
        try (LocalRegistry registry = mappedRegistry("{\"anonymous\": [\"prod/*\"], " + MAPPING + "}")) {
            String token = token(registry, "repository:prod/app:pull", "registry:catalog:*").path("token").asText();
            assertEquals(actions(statement(PROXY_SID)), ecrOperationsOfAPull(registry, "prod/app", Optional.of(token)));
        }
    }

    @Test
    void theDocumentedTokenActionIsExactlyTheTagReadAndWhatTheTemplateGrants() throws Exception {
        Set<String> called;
        try (LocalRegistry registry = mappedRegistry("{\"anonymous\": [], \"tagAccess\": true, " + MAPPING + "}")) {
            registry.ecr().resetCallCounts();
            JsonNode token = token(registry, "repository:prod/app:pull");
            assertEquals(Set.of("prod/app"), pullable(token), "public by the tag on app in " + OTHER_ACCOUNT);
            called = called(registry);
        }
        assertEquals(Set.of("ecr:ListTagsForResource"), called, "the token function's only ECR call");
        assertEquals(called, actions(statement(TOKEN_SID)), "docs/cross-account.md, statement " + TOKEN_SID);
        CloudFormationTemplate template = CloudFormationTemplate.read(ROOT.resolve("template.yaml"));
        for (String sid : List.of("ReadRepositoryTags", "ReadMappedRepositoryTags")) {
            var statement = template.policyStatements("TokenFunction").stream().filter(s -> s.sid().equals(sid))
                    .findFirst().orElseThrow(() -> new AssertionError("template.yaml: TokenFunction has no " + sid));
            assertEquals(List.copyOf(called), statement.actions(), sid);
        }
    }

    @Test
    void theDocumentedGalleryActionsAreExactlyWhatItCallsAndWhatTheTemplateGrants() throws Exception {
        Set<String> called;
        try (LocalRegistry registry = mappedRegistry("{\"anonymous\": [], \"tagAccess\": true, " + MAPPING + "}")) {
            HttpClient http = HttpClient.newHttpClient();
            registry.ecr().resetCallCounts();
            HttpResponse<byte[]> list = send(http, registry, "GET", "/v2/_gallery?format=json", List.of());
            assertTrue(new String(list.body()).contains("\"prod/app\""), new String(list.body()));
            HttpResponse<byte[]> page = send(http, registry, "GET", "/v2/_gallery/prod/app?format=json", List.of());
            assertTrue(new String(page.body()).contains("linux/arm64"), new String(page.body()));
            called = called(registry);
        }
        assertEquals(actions(statement(GALLERY_SID)), called, "docs/cross-account.md, statement " + GALLERY_SID);
        CloudFormationTemplate template = CloudFormationTemplate.read(ROOT.resolve("template.yaml"));
        Set<String> granted = new TreeSet<>();
        for (String sid : List.of("DescribeTheMappedRepositories", "ReadMappedRepositoryTags"))
            granted.addAll(template.policyStatements("GalleryFunction").stream().filter(s -> s.sid().equals(sid))
                    .findFirst().orElseThrow(() -> new AssertionError("template.yaml: GalleryFunction has no " + sid))
                    .actions());
        assertEquals(called, granted, "template.yaml, GalleryFunction on MappedRepositoryArns");
    }

    @Test
    void theRepositoryPolicyAllowsTheThreeRolesAndNothingElse() {
        assertEquals("2012-10-17", repositoryPolicy.path("Version").asText());
        assertEquals(3, repositoryPolicy.path("Statement").size());
        for (String[] expected : List.of(new String[] {PROXY_SID, "ProxyFunctionRole"},
                new String[] {TOKEN_SID, "TokenFunctionRole"}, new String[] {GALLERY_SID, "GalleryFunctionRole"})) {
            JsonNode s = statement(expected[0]);
            assertEquals("Allow", s.path("Effect").asText(), expected[0]);
            String principal = s.path("Principal").path("AWS").asText();
            assertTrue(principal.matches("arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9-]+-" + expected[1] + "-[A-Za-z0-9]+"),
                    expected[0] + ": one role, the one SAM names " + expected[1] + ": " + principal);
            assertEquals(Set.of("Sid", "Effect", "Principal", "Action"), fieldNames(s),
                    expected[0] + ": no Resource (a repository policy is about its repository), no NotAction");
            assertTrue(actions(s).stream().allMatch(a -> a.startsWith("ecr:") && !a.contains("*")), expected[0]);
        }
    }

    @Test
    void everyAccessPolicyExampleParses() {
        // The other json blocks are access policies: the same parser as policy set reads them.
        List<JsonNode> policies = jsonBlocks.stream().filter(b -> !b.has("Statement")).toList();
        assertFalse(policies.isEmpty());
        boolean mapping = false, tags = false;
        for (JsonNode policy : policies) {
            AccessPolicy parsed = AccessPolicy.parse(policy.toString());
            mapping |= !parsed.registries().entries().isEmpty();
            tags |= parsed.tagAccess();
        }
        assertTrue(mapping, "an example maps registries");
        assertTrue(tags, "an example turns tag access on");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
