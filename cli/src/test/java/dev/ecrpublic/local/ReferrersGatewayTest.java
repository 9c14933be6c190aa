package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.ReferringArtifacts;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.reference.Digest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The referrers API (OCI distribution 1.1) through the local gateway with token auth, anonymous and logged in: the
 * real authorizer, proxy and SDK against the emulated ECR, which holds the sample signature-like artifact on hello.
 */
class ReferrersGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String SBOM = "application/spdx+json";
    static final String POLICY = """
            {"anonymous": ["hello", "public/*"], "tokenTtlSeconds": 300}""";
    static final Pattern NEXT = Pattern.compile("<(/v2/[^>]+)>; rel=\"next\"");

    static LocalRegistry registry;
    static HttpClient http;
    static String host;
    static Digest helloIndex;
    static Digest sampleReferrer;
    static Digest privateIndex;
    static Set<String> privateSboms = new HashSet<>();

    @BeforeAll
    static void start() throws Exception {
        LocalRegistry.Auth auth = new LocalRegistry.Auth(null, Optional.of(AccessPolicy.parse(POLICY)),
                Duration.ofSeconds(300), Duration.ZERO, Duration.ZERO);
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, auth));
        ImageStore images = registry.images();
        helloIndex = images.resolveTag("hello", "latest").orElseThrow();
        // What serve seeds: the same bytes on a fresh store give the same digest.
        ImageStore fresh = new ImageStore();
        SampleImages.seed(fresh);
        sampleReferrer = SampleImages.seedReferrer(fresh, "hello");

        SampleImages.seed(images, "private/app");
        privateIndex = images.resolveTag("private/app", "latest").orElseThrow();
        long size = images.manifest("private/app", privateIndex).orElseThrow().bytes().length;
        // More than one ECR page (50) of SBOMs, and a signature among them.
        for (int i = 0; i < 53; i++)
            privateSboms.add(ReferringArtifacts.push(images, "private/app", privateIndex, size, SBOM, i).value());
        SampleImages.seedReferrer(images, "private/app");
        http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        host = registry.hostPort();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    /** A token for these repositories, anonymous or with Basic credentials. */
    static String token(String basic, String... repositories) throws Exception {
        StringBuilder query = new StringBuilder("/v2/token?service=").append(enc(host));
        for (String r : repositories) query.append("&scope=").append(enc("repository:" + r + ":pull"));
        HttpResponse<String> r = basic == null ? send("GET", query.toString())
                : send("GET", query.toString(), "Authorization", basic);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("token").asText();
    }

    static String login(String name, String pattern) throws Exception {
        IssuedSecret issued = IssuedSecret.generate(name, List.of(RepositoryGlob.parse(pattern)), Optional.empty(),
                Clock.systemUTC(), new SecureRandom());
        registry.secrets().access().update(d -> d.withCredential(issued.credential()));
        String basic = "Basic " + Base64.getEncoder().encodeToString((name + ":" + issued.secret())
                .getBytes(StandardCharsets.UTF_8));
        return token(basic, "private/app");
    }

    static HttpResponse<String> referrers(String path, String token) throws Exception {
        return send("GET", path, "Authorization", "Bearer " + token);
    }

    static List<JsonNode> descriptors(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(OCI_INDEX, header(r, "Content-Type"));
        JsonNode index = JSON.readTree(r.body());
        assertEquals(2, index.path("schemaVersion").asInt());
        assertEquals(OCI_INDEX, index.path("mediaType").asText());
        assertTrue(index.path("manifests").isArray(), r.body());
        List<JsonNode> out = new ArrayList<>();
        index.path("manifests").forEach(out::add);
        return out;
    }

    @Test
    void anonymousCallersFindTheSampleSignatureOnHello() throws Exception {
        HttpResponse<String> r = referrers("/v2/hello/referrers/" + helloIndex.value(), token(null, "hello"));
        List<JsonNode> found = descriptors(r);
        assertEquals(1, found.size(), r.body());
        JsonNode d = found.getFirst();
        assertEquals(sampleReferrer.value(), d.path("digest").asText());
        assertEquals("application/vnd.oci.image.manifest.v1+json", d.path("mediaType").asText());
        assertEquals(SampleImages.SIGNATURE_TYPE, d.path("artifactType").asText());
        assertEquals(registry.images().manifest("hello", sampleReferrer).orElseThrow().bytes().length,
                d.path("size").asLong());
        assertEquals("2024-01-01T00:00:00Z", d.path("annotations").path("org.opencontainers.image.created").asText());
        assertEquals(null, header(r, "OCI-Filters-Applied"));
        assertEquals(null, header(r, "Link"));

        // The descriptor is pullable with the same token, and is the manifest it describes.
        HttpResponse<String> manifest = send("GET", "/v2/hello/manifests/" + d.path("digest").asText(),
                "Authorization", "Bearer " + token(null, "hello"), "Accept", d.path("mediaType").asText());
        assertEquals(200, manifest.statusCode(), manifest.body());
        assertEquals(helloIndex.value(), JSON.readTree(manifest.body()).path("subject").path("digest").asText());
    }

    @Test
    void theFilterIsAppliedAndSaidToBe() throws Exception {
        String token = token(null, "hello");
        HttpResponse<String> signatures = referrers("/v2/hello/referrers/" + helloIndex.value() + "?artifactType="
                + enc(SampleImages.SIGNATURE_TYPE), token);
        assertEquals(1, descriptors(signatures).size());
        assertEquals("artifactType", header(signatures, "OCI-Filters-Applied"));
        HttpResponse<String> sboms = referrers("/v2/hello/referrers/" + helloIndex.value() + "?artifactType="
                + enc(SBOM), token);
        assertEquals(List.of(), descriptors(sboms));
        assertEquals("artifactType", header(sboms, "OCI-Filters-Applied"));
    }

    @Test
    void noReferrersOrAnUnknownManifestIsAnEmptyIndex() throws Exception {
        String token = token(null, "hello");
        String platform = JSON.readTree(registry.images().manifest("hello", helloIndex).orElseThrow().bytes())
                .path("manifests").path(0).path("digest").asText();
        assertEquals(List.of(), descriptors(referrers("/v2/hello/referrers/" + platform, token)));
        assertEquals(List.of(), descriptors(referrers("/v2/hello/referrers/sha256:" + "0".repeat(64), token)));
    }

    @Test
    void errorsAreOciErrors() throws Exception {
        HttpResponse<String> missing = referrers("/v2/public/nothing/referrers/" + helloIndex.value(),
                token(null, "public/nothing"));
        assertEquals(404, missing.statusCode(), missing.body());
        assertEquals("NAME_UNKNOWN", JSON.readTree(missing.body()).path("errors").path(0).path("code").asText());
        HttpResponse<String> malformed = referrers("/v2/hello/referrers/sha256:abc", token(null, "hello"));
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals("DIGEST_INVALID", JSON.readTree(malformed.body()).path("errors").path(0).path("code").asText());
    }

    @Test
    void withoutATokenOrWithAnAnonymousOneAPrivateRepositoryIsClosed() throws Exception {
        HttpResponse<String> none = send("GET", "/v2/private/app/referrers/" + privateIndex.value());
        assertEquals(401, none.statusCode());
        assertTrue(header(none, "WWW-Authenticate").startsWith("Bearer realm="), header(none, "WWW-Authenticate"));
        HttpResponse<String> anonymous = referrers("/v2/private/app/referrers/" + privateIndex.value(),
                token(null, "private/app"));
        assertEquals(403, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("\"DENIED\""), anonymous.body());
    }

    @Test
    void loggedInCallersPageThroughEveryReferrerOneEcrCallAPage() throws Exception {
        String token = login("auditor", "private/*");
        String next = "/v2/private/app/referrers/" + privateIndex.value() + "?artifactType=" + enc(SBOM);
        List<String> digests = new ArrayList<>();
        registry.ecr().resetCallCounts();
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = referrers(next, token);
            for (JsonNode d : descriptors(r)) {
                assertEquals(SBOM, d.path("artifactType").asText());
                digests.add(d.path("digest").asText());
            }
            assertEquals("artifactType", header(r, "OCI-Filters-Applied"), "every page is filtered");
            pages++;
            String link = header(r, "Link");
            if (link == null) {
                next = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertTrue(m.matches(), link);
                next = m.group(1);
            }
        }
        assertEquals(2, pages, "53 SBOMs in ECR's pages of 50");
        assertEquals(privateSboms, new HashSet<>(digests));
        assertEquals(53, digests.size(), "none twice");
        assertEquals(2, registry.ecr().calls("ListImageReferrers"), "one ECR call per page");
        assertEquals(2, registry.ecr().callCounts().values().stream().mapToLong(Long::longValue).sum(),
                "and no other call");

        HttpResponse<String> unfiltered = referrers("/v2/private/app/referrers/" + privateIndex.value(), token);
        assertEquals(50, descriptors(unfiltered).size(), "the first 50 of 54: the SBOMs and the signature");
        assertEquals(null, header(unfiltered, "OCI-Filters-Applied"));
        assertTrue(NEXT.matcher(header(unfiltered, "Link")).matches(), header(unfiltered, "Link"));
    }

    @Test
    void headAnswersTheSameHeadersWithoutABody() throws Exception {
        String token = token(null, "hello");
        HttpResponse<String> get = referrers("/v2/hello/referrers/" + helloIndex.value(), token);
        HttpResponse<String> head = send("HEAD", "/v2/hello/referrers/" + helloIndex.value(),
                "Authorization", "Bearer " + token);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(header(get, "Content-Type"), header(head, "Content-Type"));
        assertEquals(header(get, "Content-Length"), header(head, "Content-Length"));
        assertFalse(get.body().isEmpty());
    }
}
