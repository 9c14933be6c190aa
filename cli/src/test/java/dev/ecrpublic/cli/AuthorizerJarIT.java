package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.keys.KeyRotation;
import dev.ecrpublic.local.AccessSecret;
import dev.ecrpublic.local.LocalSecrets;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * authorizer-function.jar's three handlers in fresh JVMs, configured only by their environment (AWS_REGION,
 * credentials, AWS_ENDPOINT_URL_SECRETS_MANAGER and the secret ids), against the Secrets Manager emulator.
 */
class AuthorizerJarIT {
    static final Path JAR = Path.of("..", "authorizer-function", "target", "authorizer-function.jar");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOST = "registry.example.com";
    static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/team/app/manifests/latest";

    static LocalSecrets secrets;
    static String secret;

    @BeforeAll
    static void startSecretsManager() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        secrets = assertDoesNotThrowOpen();
        new KeyRotation(secrets.client(), new SecureRandom()).initialize(LocalSecrets.KEYS_SECRET_ID);
        IssuedSecret issued = IssuedSecret.generate("ci", List.of(RepositoryGlob.parse("team/*")), Optional.empty(),
                Clock.systemUTC(), new SecureRandom());
        secret = issued.secret();
        new AccessSecret(secrets.client(), LocalSecrets.ACCESS_SECRET_ID).update(d -> d
                .withPolicy(Optional.of(AccessPolicy.parse("{\"anonymous\": [\"public/*\"]}")))
                .withCredential(issued.credential()));
    }

    static LocalSecrets assertDoesNotThrowOpen() {
        try {
            return LocalSecrets.open(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        secrets.close();
    }

    static Map<String, String> environment(boolean withAccess) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "example-secret",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.emulator().endpoint().toString(),
                "SIGNING_KEYS_SECRET_ID", LocalSecrets.KEYS_SECRET_ID));
        if (withAccess) env.put("ACCESS_SECRET_ID", LocalSecrets.ACCESS_SECRET_ID);
        return env;
    }

    static JsonNode lastLine(LambdaInvoke.Result result) throws Exception {
        assertEquals(0, result.exit(), result.stderr());
        assertEquals("", result.stderr(), "nothing but JSON lines reaches the function's logs");
        List<String> lines = result.stdout().lines().toList();
        for (String line : lines) assertTrue(JSON.readTree(line).isObject(), "not a JSON object line: " + line);
        return JSON.readTree(lines.getLast());
    }

    static String tokenEvent(String authorization) {
        String headers = "\"Host\":[\"" + HOST + "\"]" + (authorization == null ? "" : ",\"Authorization\":[\"" + authorization + "\"]");
        return """
                {"resource":"/token","path":"/token","httpMethod":"GET","multiValueHeaders":{%s},
                 "multiValueQueryStringParameters":{"service":["%s"],"scope":["repository:team/app:pull"]},
                 "requestContext":{"requestId":"it-token"}}""".formatted(headers, HOST);
    }

    static String authorizerEvent(String token) {
        return """
                {"type":"REQUEST","methodArn":"%s","resource":"/{proxy+}","httpMethod":"GET",
                 "headers":{"Authorization":"Bearer %s","Host":"%s"},"requestContext":{"requestId":"it-auth"}}"""
                .formatted(ARN, token, HOST);
    }

    @Test
    void loginThenAuthorizeInFreshJvms() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("ci:" + secret).getBytes());
        LambdaInvoke.Result login = LambdaInvoke.invoke(JAR, "dev.ecrpublic.authorizer.TokenHandler", environment(true),
                tokenEvent(basic));
        JsonNode answer = lastLine(login);
        assertEquals(200, answer.path("statusCode").asInt(), login.stdout());
        assertFalse(login.stdout().contains(secret), "the password never reaches the log");
        String token = JSON.readTree(answer.path("body").asText()).path("token").asText();
        List<String> logLines = login.stdout().lines().toList();
        for (String line : logLines.subList(0, logLines.size() - 1))
            assertFalse(line.contains(token), "the token is only in the answer, never in a log line: " + line);

        JsonNode policy = lastLine(LambdaInvoke.invoke(JAR, "dev.ecrpublic.authorizer.AuthorizerHandler",
                environment(false), authorizerEvent(token)));
        assertEquals("ci", policy.path("principalId").asText());
        assertTrue(policy.path("policyDocument").toString()
                .contains("arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/team/app/*"), policy.toString());
        assertEquals("team/app", policy.path("context").path("repositories").asText());
    }

    @Test
    void refusedTokensEndAsTheUnauthorizedErrorApiGatewayExpects() throws Exception {
        LambdaInvoke.Result refused = LambdaInvoke.invoke(JAR, "dev.ecrpublic.authorizer.AuthorizerHandler",
                environment(false), authorizerEvent("e30.e30.c2ln"));
        assertNotEquals(0, refused.exit());
        assertTrue(refused.stderr().contains("Unauthorized"), refused.stderr());
    }

    @Test
    void wrongPasswordIs401AndAnonymousModeWithoutAccessSecret() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("ci:wrong".getBytes());
        JsonNode refused = lastLine(LambdaInvoke.invoke(JAR, "dev.ecrpublic.authorizer.TokenHandler", environment(true),
                tokenEvent(basic)));
        assertEquals(401, refused.path("statusCode").asInt());

        LambdaInvoke.Result anonymous = LambdaInvoke.invoke(JAR, "dev.ecrpublic.authorizer.TokenHandler",
                environment(false), tokenEvent(null));
        JsonNode answer = lastLine(anonymous);
        assertEquals(200, answer.path("statusCode").asInt());
        assertTrue(anonymous.stdout().contains("anonymous mode"), "the function says once that it runs in anonymous mode");
    }

    @Test
    void rotateSecretRunsTheRotationHandlerForEachStepAndEachStepIsSafeToRerun() throws Exception {
        String before = stageHolder("AWSCURRENT");
        // As Secrets Manager invokes the rotation Lambda: one fresh JVM per step, each step run twice.
        secrets.emulator().rotateWith((arn, token, step) -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    LambdaInvoke.Result result = LambdaInvoke.invoke(JAR,
                            "dev.ecrpublic.authorizer.rotation.RotationHandler", environment(false), """
                                    {"SecretId":"%s","ClientRequestToken":"%s","Step":"%s"}""".formatted(arn, token, step));
                    if (result.exit() != 0 || !result.stderr().isEmpty())
                        throw new IllegalStateException(step + " failed: " + result.stderr());
                } catch (IllegalStateException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        // Eight JVMs start inside this one call: a client that waits longer than the functions' 5 s per read.
        String version;
        try (SecretsManagerClient patient = SecretsManagerClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .endpointOverride(secrets.emulator().endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(3)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            version = patient.rotateSecret(r -> r.secretId(LocalSecrets.KEYS_SECRET_ID)).versionId();
        }
        assertEquals(version, stageHolder("AWSCURRENT"));
        assertEquals(before, stageHolder("AWSPREVIOUS"));
        assertNotEquals(before, version);
    }

    static String stageHolder(String stage) {
        return secrets.client().describeSecret(r -> r.secretId(LocalSecrets.KEYS_SECRET_ID)).versionIdsToStages()
                .entrySet().stream().filter(e -> e.getValue().contains(stage)).findFirst().orElseThrow().getKey();
    }
}
