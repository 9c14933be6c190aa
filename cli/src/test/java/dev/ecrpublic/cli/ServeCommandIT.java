package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.TinyLayouts;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's commands, run as written: the shaded jar in fresh JVMs, real HTTP, and the credentials and keys
 * commands acting on a running serve's state folder from another process.
 */
class ServeCommandIT {
    static final Path JAR = Path.of("target", "ecr-public.jar").toAbsolutePath();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)/v2/");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    /** The jar run from {@code workDir}, so its default state folder lands there and nowhere in the checkout. */
    Process start(String... args) throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    }

    /** Runs a command to completion; returns its output, asserting the exit code. */
    String run(int expectedExit, String... args) throws Exception {
        Process p = start(args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(expectedExit, p.exitValue(), output);
        return output;
    }

    static String baseUrl(Process serve, BufferedReader out) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) return m.group(1);
        }
        throw new AssertionError("serve never said where it listens:\n" + seen);
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> token(String base, String scope, String... headers) throws Exception {
        return get(base + "/v2/token?service=" + URI.create(base).getAuthority() + "&scope=" + scope, headers);
    }

    static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void serveWithoutAuthIsAPurelyPublicRegistry() throws Exception {
        Process serve = start("serve", "--port", "0", "--auth", "none");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String base = baseUrl(serve, out);
            assertEquals(200, get(base + "/v2/").statusCode());
            var manifest = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/hello/manifests/latest")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, manifest.statusCode());
            assertEquals(manifest.headers().firstValue("Docker-Content-Digest").orElseThrow(), Digest.sha256Of(manifest.body()).value());
            assertEquals(404, get(base + "/v2/token").statusCode(), "no token endpoint without auth");
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
        assertFalse(Files.exists(workDir.resolve(".ecr-public")), "--auth none keeps no state");
    }

    @Test
    void credentialsIssuedRevokedAndKeysRotatedWhileServeRuns() throws Exception {
        Files.writeString(workDir.resolve("policy.json"), "{\"anonymous\": [], \"tokenTtlSeconds\": 120}");
        Process serve = start("serve", "--port", "0", "--config", "policy.json");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String base = baseUrl(serve, out);
            var ping = get(base + "/v2/");
            assertEquals(401, ping.statusCode());
            assertTrue(ping.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer realm=\"" + base + "/v2/token\""));
            String anonymous = JSON.readTree(token(base, "repository:hello:pull").body()).path("token").asText();
            assertEquals(403, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + anonymous).statusCode());

            List<String> issued = run(0, "credentials", "issue", "ci-bot", "--repositories", "hello,team/*", "--expires", "30d")
                    .lines().toList();
            String secret = issued.getLast();
            assertTrue(secret.matches("ecrp_[A-Za-z0-9_-]{43}"), "the secret alone on the last line: " + issued);
            String listed = run(0, "credentials", "list");
            assertTrue(listed.contains("ci-bot") && listed.contains("hello,team/*"), listed);
            assertFalse(listed.contains(secret), "list never shows secrets");

            var login = token(base, "repository:hello:pull", "Authorization", basic("ci-bot", secret));
            assertEquals(200, login.statusCode(), login.body());
            String token = JSON.readTree(login.body()).path("token").asText();
            assertEquals(200, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + token).statusCode());

            assertTrue(run(0, "keys", "rotate").contains("rotated"));
            assertEquals(200, get(base + "/v2/hello/manifests/latest", "Authorization", "Bearer " + token).statusCode(),
                    "a token issued before the rotation still works");

            run(0, "credentials", "revoke", "ci-bot");
            int status = 0;
            for (int i = 0; i < 40 && status != 401; i++) {
                Thread.sleep(250);
                status = token(base, "repository:hello:pull", "Authorization", basic("ci-bot", secret)).statusCode();
            }
            assertEquals(401, status, "serve sees the revocation made by another process");
            assertEquals("ecr-public credentials revoke: no credential named ci-bot\n",
                    run(1, "credentials", "revoke", "ci-bot"), "a failure is one line, exit 1");
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
    }

    @Test
    void serveTakesEmulatedRegistriesAndRepositoryTagsFromItsEcrFile() throws Exception {
        Digest imported = TinyLayouts.write(workDir.resolve("layouts"), "shared/app", "v1", "from the images account");
        Files.createDirectories(workDir.resolve("conf"));
        // images is relative to the file, not to the directory serve runs in.
        Files.writeString(workDir.resolve("conf/ecr.json"), """
                {"registries": [
                  {"registryId": "210987654321", "region": "eu-west-1", "images": "../layouts", "samples": ["tools/base"],
                   "repositoryTags": {"shared/app": {"ecr-public:pull": "anonymous"}}},
                  {"samples": ["team/app"]}
                ]}""");
        Process serve = start("serve", "--port", "0", "--auth", "none", "--ecr", "conf/ecr.json");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String base = baseUrl(serve, out);
            List<String> said = new ArrayList<>();
            for (String line; (line = out.readLine()) != null && !line.startsWith("try:"); ) said.add(line);
            assertTrue(said.contains("emulated registry 210987654321/eu-west-1: 2 repositories (shared/app, tools/base)"),
                    String.join("\n", said));
            assertTrue(said.contains("  shared/app: repository tags {ecr-public:pull=anonymous}"), String.join("\n", said));
            assertTrue(said.contains("emulated registry 123456789012/us-east-1: 2 repositories (hello, team/app)"),
                    String.join("\n", said));
            URI endpoint = said.stream().filter(l -> l.startsWith("emulated ECR endpoint"))
                    .map(l -> URI.create(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no ECR endpoint in " + said));

            try (EcrClient ecr = EcrClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                assertEquals(List.of("shared/app", "tools/base"), ecr.describeRepositories(r -> r
                        .registryId("210987654321")).repositories().stream().map(Repository::repositoryName).toList());
                assertEquals(imported.value(), ecr.describeImages(r -> r.registryId("210987654321")
                        .repositoryName("shared/app")).imageDetails().getFirst().imageDigest());
                assertEquals(List.of(Tag.builder().key("ecr-public:pull").value("anonymous").build()),
                        ecr.listTagsForResource(r -> r.resourceArn(
                                "arn:aws:ecr:eu-west-1:210987654321:repository/shared/app")).tags());
            }
            // An entry with neither account nor region adds to the registry serve pulls from.
            assertEquals(200, get(base + "/v2/team/app/manifests/latest").statusCode());
        } finally {
            serve.destroy();
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
        }
    }

    @Test
    void optionsThatDoNotFitTogetherAreUsageErrorsAndBadFilesFailInOneLine() throws Exception {
        Files.writeString(workDir.resolve("ecr.json"), "{\"registries\": [{}]}");
        String output = run(2, "serve", "--backend", "aws", "--ecr", "ecr.json");
        assertTrue(output.contains("--ecr only goes with --backend local"), output);
        assertTrue(output.contains("Usage: ecr-public serve"), "a usage error shows that command's usage: " + output);
        Files.writeString(workDir.resolve("typo.json"), "{\"registries\": [{\"regin\": \"eu-west-1\"}]}");
        output = run(1, "serve", "--ecr", "typo.json");
        assertTrue(output.startsWith("ecr-public serve: --ecr typo.json: registries[0]: unknown key(s) [regin]"), output);
        assertEquals(1, output.lines().count(), "a validation error is one line: " + output);
        output = run(1, "serve", "--ecr", "missing.json");
        assertTrue(output.contains("--ecr missing.json: no such file"), output);
        // Found only once the images and samples are in: tags on a repository the registry does not hold.
        Files.writeString(workDir.resolve("tags.json"), "{\"registries\": [{\"region\": \"eu-west-1\","
                + " \"samples\": [\"app\"], \"repositoryTags\": {\"hello\": {\"ecr-public:pull\": \"anonymous\"}}}]}");
        output = run(1, "serve", "--port", "0", "--auth", "none", "--ecr", "tags.json");
        assertTrue(output.contains("--ecr tags.json: registries[0].repositoryTags[\"hello\"]: registry "
                + EcrEmulator.ACCOUNT_ID + "/eu-west-1 has no repository hello (it has app)"), output);
        assertFalse(output.contains("Usage:"), "a bad file is not a usage error: " + output);
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        String output = run(2, "serve", "--backend", "gcr");
        assertTrue(output.contains("--backend must be local or aws"), output);
        assertTrue(output.contains("Usage: ecr-public serve"), output);
        Files.writeString(workDir.resolve("bad.json"), "{\"anonymus\": [\"x\"]}");
        output = run(1, "serve", "--config", "bad.json");
        assertTrue(output.contains("anonymus"), "a policy typo is named: " + output);
        assertEquals(1, output.lines().count(), "in one line: " + output);
        assertTrue(run(2, "credentials", "issue", "x").contains("--repositories"));
    }
}
