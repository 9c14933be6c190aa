package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.LocalSecrets;
import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployable artifacts configured only by the AWS SDK's own environment variables (AWS_REGION, credentials,
 * AWS_ENDPOINT_URL_ECR), in fresh JVMs, against the emulator standing in for ECR.
 */
class DeployableJarIT {
    static final String JAVA = LambdaInvoke.JAVA;
    static final Path PROXY_JAR = Path.of("..", "proxy-function", "target", "proxy-function.jar");
    static final Path CLI_JAR = Path.of("target", "ecr-public.jar");
    static final ObjectMapper JSON = new ObjectMapper();

    static ImageStore store;
    static EcrEmulator ecr;
    static Digest latest;

    @BeforeAll
    static void startEcr() throws Exception {
        store = new ImageStore();
        SampleImages.seed(store);
        latest = store.resolveTag("hello", "latest").orElseThrow();
        ecr = EcrEmulator.start(store, "eu-west-1");
    }

    @AfterAll
    static void stopEcr() {
        ecr.close();
    }

    static Map<String, String> sdkEnvironment() {
        return Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "example-secret", "AWS_ENDPOINT_URL_ECR", ecr.endpoint().toString());
    }

    static ProcessBuilder withSdkEnvironment(ProcessBuilder process) {
        Map<String, String> env = process.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(sdkEnvironment());
        return process;
    }

    @Test
    void proxyFunctionJarAnswersAManifestEventAsLambdaWouldCallIt() throws Exception {
        assertTrue(Files.isRegularFile(PROXY_JAR), PROXY_JAR + " is built by mvn package");
        ecr.resetCallCounts();
        Map<String, String> env = new java.util.HashMap<>(sdkEnvironment());
        env.put("AUTH_MODE", "none");
        LambdaInvoke.Result result = LambdaInvoke.invoke(PROXY_JAR, "dev.ecrpublic.proxy.ProxyHandler", env, """
                {"resource":"/{proxy+}","path":"/hello/manifests/latest","httpMethod":"GET",
                 "multiValueHeaders":{"Accept":["application/vnd.oci.image.index.v1+json"]},
                 "pathParameters":{"proxy":"hello/manifests/latest"},
                 "requestContext":{"requestId":"it-1","stage":"v2"}}""");
        assertEquals(0, result.exit(), result.stderr());
        assertEquals("", result.stderr(), "nothing but JSON lines reaches the function's logs");
        String stdout = result.stdout();
        List<String> lines = stdout.lines().toList();
        for (String line : lines) assertTrue(JSON.readTree(line).isObject(), "not a JSON object line: " + line);
        JsonNode response = JSON.readTree(lines.getLast());
        assertEquals(200, response.path("statusCode").asInt(), stdout);
        assertEquals(latest.value(), response.path("multiValueHeaders").path("Docker-Content-Digest").path(0).asText());
        assertEquals(latest, Digest.sha256Of(response.path("body").asText().getBytes(StandardCharsets.UTF_8)));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"message\":\"request\"") && l.contains("\"requestId\":\"it-1\"")),
                "one JSON request log line:\n" + stdout);
        assertEquals(1, ecr.calls("BatchGetImage"), "the SDK reached the endpoint named by AWS_ENDPOINT_URL_ECR");
    }

    /** Issue 12: the proxy calls ECR with signed JSON documents, so the SDK's ECR and Apache clients stay unloaded. */
    @Test
    void proxyFunctionCallsEcrWithoutLoadingTheSdksEcrClient(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.log");
        Map<String, String> env = new java.util.HashMap<>(sdkEnvironment());
        env.put("AUTH_MODE", "none");
        env.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classes);
        LambdaInvoke.Result result = LambdaInvoke.invoke(PROXY_JAR, "dev.ecrpublic.proxy.ProxyHandler", env, """
                {"resource":"/{proxy+}","path":"/hello/manifests/latest","httpMethod":"GET",
                 "pathParameters":{"proxy":"hello/manifests/latest"},"requestContext":{"requestId":"it-3"}}""");
        assertEquals(0, result.exit(), result.stderr());
        assertEquals(200, JSON.readTree(result.stdout().lines().toList().getLast()).path("statusCode").asInt(),
                result.stdout());
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" dev.ecrpublic.proxy.ecr.EcrJsonApi "), "the log names every class loaded");
        for (String prefix : List.of(" software.amazon.awssdk.services.ecr.DefaultEcrClient ",
                " software.amazon.awssdk.services.ecr.model.", " org.apache.http."))
            assertFalse(loaded.contains(prefix), prefix.trim() + " was loaded");
    }

    @Test
    void proxyFunctionWithoutAuthModeRefusesRequestsThatPassedNoAuthorizer() throws Exception {
        LambdaInvoke.Result result = LambdaInvoke.invoke(PROXY_JAR, "dev.ecrpublic.proxy.ProxyHandler", sdkEnvironment(), """
                {"resource":"/{proxy+}","path":"/hello/manifests/latest","httpMethod":"GET",
                 "pathParameters":{"proxy":"hello/manifests/latest"},"requestContext":{"requestId":"it-2"}}""");
        assertEquals(0, result.exit(), result.stderr());
        assertEquals(403, JSON.readTree(result.stdout().lines().toList().getLast()).path("statusCode").asInt());
    }

    @Test
    void serveWithTheAwsBackendFollowsTheSdkEnvironment() throws Exception {
        assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR + " is built by mvn package");
        Process serve = withSdkEnvironment(new ProcessBuilder(JAVA, "-jar", CLI_JAR.toString(),
                "serve", "--port", "0", "--backend", "aws", "--auth", "none")).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            Matcher listening = null;
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = Pattern.compile("listening on (http://\\S+)/v2/").matcher(line);
                if (m.find()) {
                    listening = m;
                    break;
                }
            }
            assertTrue(listening != null, "serve --backend aws never said where it listens");
            var manifest = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(listening.group(1) + "/v2/hello/manifests/latest")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, manifest.statusCode(), new String(manifest.body(), StandardCharsets.UTF_8));
            assertEquals(latest, Digest.sha256Of(manifest.body()));
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void credentialsAndKeysCommandsWithSecretIdActOnSecretsManagerAsTheSdkEnvironmentSays() throws Exception {
        try (LocalSecrets secrets = LocalSecrets.open(null)) {
            secrets.prepare(java.util.Optional.empty());
            Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "example-secret",
                    "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.emulator().endpoint().toString());
            String issued = runCli(env, "credentials", "issue", "deployer", "--repositories", "prod/*",
                    "--secret-id", LocalSecrets.ACCESS_SECRET_ID);
            String secret = issued.lines().toList().getLast();
            var stored = secrets.access().read().credential("deployer").orElseThrow();
            assertTrue(stored.secretMatches(secret), "the secret printed is the one whose hash was stored");
            assertTrue(runCli(env, "credentials", "list", "--secret-id", LocalSecrets.ACCESS_SECRET_ID).contains("prod/*"));

            String current = secrets.client().getSecretValue(r -> r.secretId(LocalSecrets.KEYS_SECRET_ID)).versionId();
            assertTrue(runCli(env, "keys", "rotate", "--secret-id", LocalSecrets.KEYS_SECRET_ID).contains("rotation started"));
            assertTrue(!current.equals(secrets.client().getSecretValue(r -> r.secretId(LocalSecrets.KEYS_SECRET_ID)).versionId()),
                    "RotateSecret ran the rotation");
        }
    }

    static String runCli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA, "-jar", CLI_JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        process.environment().putAll(env);
        Process cli = process.start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, cli.exitValue(), output);
        return output;
    }
}
