package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * skopeo (containers/image) through the token handshake: it pings, follows the Bearer challenge and asks the token
 * endpoint by GET, with Basic credentials from {@code --creds} or an auth file written by {@code skopeo login}. Each
 * test has its own auth file, so the machine's containers auth.json is never read (anonymous stays anonymous) or written.
 */
class TokenAuthSkopeoTest {
    private static final RealClients.Availability CLIENT = RealClients.skopeo();
    private static TokenRegistry registry;

    private Path authfile;

    @BeforeAll
    static void startRegistry() throws IOException {
        if (!CLIENT.ok()) return;
        registry = TokenRegistry.start(Optional.of(TokenRegistry.PUBLIC_POLICY), "public/app", "private/app", "other/app");
    }

    @BeforeEach
    void requireSkopeo(@TempDir Path dir) {
        CLIENT.require();
        authfile = dir.resolve("auth.json");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) registry.close();
    }

    @Test
    void anonymousInspectAndCopyOfAPublicRepository(@TempDir Path out) {
        var raw = skopeo("inspect", "--tls-verify=false", "--authfile", authfile.toString(), "--raw", source("public/app"))
                .run().assertOk();
        assertArrayEquals(registry.image("public/app").indexBytes(), raw.stdout(), raw.describe());
        var copy = copy(source("public/app"), out).run().assertOk();
        new OciLayout(out).assertHolds("latest", registry.image("public/app").platform("linux", "arm64"), copy);
    }

    @Test
    void anonymousAccessToAPrivateRepositoryIsDenied(@TempDir Path out) {
        skopeo("inspect", "--tls-verify=false", "--authfile", authfile.toString(), "--raw", source("private/app")).run()
                .assertRefused("denied", "unauthorized");
        copy(source("private/app"), out).run().assertRefused("denied", "unauthorized");
        assertNothingCopied(out);
    }

    @Test
    void loginWritesTheAuthFileThatLaterCommandsUse() throws IOException {
        String secret = registry.issue("skopeo-bot", "private/*");
        skopeo("login", "--tls-verify=false", "--authfile", authfile.toString(), "-u", "skopeo-bot", "--password-stdin",
                registry.hostPort()).withStdin(secret).run().assertOk();
        JsonNode stored = SampleImage.parse(Files.readAllBytes(authfile)).path("auths").path(registry.hostPort());
        assertEquals("skopeo-bot:" + secret, new String(Base64.getDecoder().decode(stored.path("auth").asText()),
                StandardCharsets.UTF_8), "auth file entry for " + registry.hostPort());

        var raw = skopeo("inspect", "--tls-verify=false", "--authfile", authfile.toString(), "--raw", source("private/app"))
                .run().assertOk();
        assertArrayEquals(registry.image("private/app").indexBytes(), raw.stdout(), raw.describe());

        skopeo("logout", "--authfile", authfile.toString(), registry.hostPort()).run().assertOk();
        skopeo("inspect", "--tls-verify=false", "--authfile", authfile.toString(), "--raw", source("private/app")).run()
                .assertRefused("denied", "unauthorized");
    }

    @Test
    void loginWithAWrongSecretFails() throws IOException {
        registry.issue("careful", "private/*");
        skopeo("login", "--tls-verify=false", "--authfile", authfile.toString(), "-u", "careful", "--password-stdin",
                registry.hostPort()).withStdin("ecrp_not-the-secret").run()
                .assertRefused("invalid username/password", "unauthorized");
        assertFalse(Files.exists(authfile) && Files.readString(authfile).contains(registry.hostPort()),
                "a failed login stored credentials");
    }

    @Test
    void credsInspectAndCopyAPrivateRepository(@TempDir Path out) {
        String creds = "reader:" + registry.issue("reader", "private/*");
        var inspect = skopeo("inspect", "--tls-verify=false", "--creds", creds, "--override-os", "linux",
                "--override-arch", "amd64", source("private/app")).run().assertOk();
        JsonNode json = SampleImage.parse(inspect.stdout());
        assertEquals(registry.image("private/app").index().value(), json.path("Digest").asText(), inspect.describe());

        var copy = skopeo("copy", "--src-tls-verify=false", "--src-creds", creds, "--override-os", "linux",
                "--override-arch", "arm64", source("private/app"), "oci:" + out + ":latest").run().assertOk();
        new OciLayout(out).assertHolds("latest", registry.image("private/app").platform("linux", "arm64"), copy);
    }

    @Test
    void repositoryOutsideTheCredentialsPatternsIsDenied(@TempDir Path out) {
        String creds = "narrow:" + registry.issue("narrow", "private/*");
        skopeo("inspect", "--tls-verify=false", "--creds", creds, "--raw", source("other/app")).run()
                .assertRefused("denied", "unauthorized");
        skopeo("copy", "--src-tls-verify=false", "--src-creds", creds, source("other/app"), "oci:" + out + ":latest")
                .run().assertRefused("denied", "unauthorized");
        assertNothingCopied(out);
    }

    @Test
    void revokedCredentialIsRefused() {
        String creds = "leaver:" + registry.issue("leaver", "private/*");
        skopeo("inspect", "--tls-verify=false", "--creds", creds, "--raw", source("private/app")).run().assertOk();
        registry.revoke("leaver");
        skopeo("inspect", "--tls-verify=false", "--creds", creds, "--raw", source("private/app")).run()
                .assertRefused("denied", "unauthorized");
    }

    /** Anonymous skopeo copy of the linux/arm64 image into an OCI layout. */
    private Command copy(String source, Path out) {
        return skopeo("copy", "--src-tls-verify=false", "--authfile", authfile.toString(), "--override-os", "linux",
                "--override-arch", "arm64", source, "oci:" + out + ":latest");
    }

    /** A refused copy may leave the layout's skeleton, never a manifest or an index entry. */
    private static void assertNothingCopied(Path out) {
        Path index = out.resolve("index.json");
        try {
            assertTrue(!Files.exists(index) || !Files.readString(index).contains("\"digest\""),
                    "a refused copy wrote an index entry: " + (Files.exists(index) ? Files.readString(index) : ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Command skopeo(String... args) {
        return RealClients.skopeoCommand(args);
    }

    private static String source(String repository) {
        return "docker://" + registry.latest(repository);
    }
}
