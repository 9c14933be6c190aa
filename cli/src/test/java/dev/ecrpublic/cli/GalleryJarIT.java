package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.AccessSecret;
import dev.ecrpublic.local.LocalSecrets;
import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery function as Lambda runs it: the deployable authorizer-function jar in a fresh JVM, configured only by the
 * environment the template gives it (AUTH_MODE, ACCESS_SECRET_ID, ECR_REGISTRY_ID, and the SDK's own endpoint
 * variables pointed at the emulators), its stylesheet read from the jar.
 */
class GalleryJarIT {
    static final Path JAR = Path.of("..", "authorizer-function", "target", "authorizer-function.jar");
    static final String HANDLER = "dev.ecrpublic.authorizer.gallery.GalleryHandler";
    static final ObjectMapper JSON = new ObjectMapper();

    static LocalSecrets secrets;
    static EcrEmulator ecr;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        secrets = LocalSecrets.open(null);
        new AccessSecret(secrets.client(), LocalSecrets.ACCESS_SECRET_ID).update(d -> d
                .withPolicy(Optional.of(AccessPolicy.parse("{\"anonymous\": [\"public/*\"]}"))));
        ImageStore images = new ImageStore();
        for (String repository : List.of("public/app", "private/app")) SampleImages.seed(images, repository);
        ecr = EcrEmulator.start(images, EcrEmulator.DEFAULT_REGION);
    }

    @AfterAll
    static void stop() {
        if (ecr != null) ecr.close();
        if (secrets != null) secrets.close();
    }

    static Map<String, String> environment(String authMode, String accessSecretId) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", EcrEmulator.DEFAULT_REGION,
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "example-secret",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.emulator().endpoint().toString(),
                "AWS_ENDPOINT_URL_ECR", ecr.endpoint().toString(), "AUTH_MODE", authMode,
                "ECR_REGISTRY_ID", EcrEmulator.ACCOUNT_ID));
        if (accessSecretId != null) env.put("ACCESS_SECRET_ID", accessSecretId);
        return env;
    }

    static JsonNode invoke(Map<String, String> env, String resource, String proxy, String query) throws Exception {
        String path = proxy == null ? resource : resource.replace("{proxy+}", proxy);
        String event = """
                {"resource":"%s","path":"/v2%s","httpMethod":"GET","multiValueHeaders":{"Host":["registry.example.com"]},
                 "multiValueQueryStringParameters":%s,"pathParameters":%s,"requestContext":{"requestId":"it-gallery"}}"""
                .formatted(resource, path, query == null ? "null" : "{\"format\":[\"" + query + "\"]}",
                        proxy == null ? "null" : "{\"proxy\":\"" + proxy + "\"}");
        LambdaInvoke.Result result = LambdaInvoke.invoke(JAR, HANDLER, env, event);
        assertEquals(0, result.exit(), result.stderr());
        assertEquals("", result.stderr(), "nothing but JSON lines reaches the function's logs");
        List<String> lines = result.stdout().lines().toList();
        for (String line : lines) assertTrue(JSON.readTree(line).isObject(), "not a JSON object line: " + line);
        return JSON.readTree(lines.getLast());
    }

    static List<String> names(JsonNode response) throws Exception {
        List<String> names = new ArrayList<>();
        JSON.readTree(response.path("body").asText()).path("repositories").forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Test
    void theJarListsWhatThePolicyMakesPublicAndServesItsStylesheet() throws Exception {
        Map<String, String> env = environment("token", LocalSecrets.ACCESS_SECRET_ID);
        JsonNode list = invoke(env, "/_gallery", null, "json");
        assertEquals(200, list.path("statusCode").asInt(), list.toString());
        assertEquals(List.of("public/app"), names(list));
        assertTrue(list.path("body").asText().contains("docker pull registry.example.com/public/app"));

        JsonNode css = invoke(env, "/_gallery/{proxy+}", "_static/gallery.css", null);
        assertEquals(200, css.path("statusCode").asInt(), css.toString());
        assertEquals("text/css; charset=utf-8", css.path("multiValueHeaders").path("Content-Type").path(0).asText());
    }

    @Test
    void withAuthModeNoneEveryRepositoryIsPublicAndNoPolicyIsRead() throws Exception {
        JsonNode list = invoke(environment("none", null), "/_gallery", null, "json");
        assertEquals(List.of("private/app", "public/app"), names(list));
    }

    @Test
    void aPolicyThatCannotBeReadIsA503() throws Exception {
        JsonNode refused = invoke(environment("token", "no-such-secret"), "/_gallery", null, "json");
        assertEquals(503, refused.path("statusCode").asInt(), refused.toString());
        assertTrue(refused.path("body").asText().contains("\"UNAVAILABLE\""), refused.toString());
    }
}
