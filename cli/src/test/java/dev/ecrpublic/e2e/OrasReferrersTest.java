package dev.ecrpublic.e2e;

import dev.ecrpublic.local.ecr.ReferringArtifacts;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.reference.Digest;
import land.oras.ArtifactType;
import land.oras.ContainerRef;
import land.oras.ManifestDescriptor;
import land.oras.Referrers;
import land.oras.Registry;
import land.oras.auth.AuthProvider;
import land.oras.auth.AuthScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ORAS project's Java client (oras-java, a test dependency, so never missing) asking the referrers API over plain
 * HTTP with tokens from the registry's token endpoint, anonymous and for issued credentials. skopeo, Docker and ctr
 * never ask that API. oras-java 0.2 cannot run the handshake itself: it insists on a {@code scope} in the challenge,
 * which API Gateway's static challenge does not carry (Docker, containerd and skopeo derive the scope themselves), so
 * the test fetches the token as those clients do and hands it over as a bearer token.
 */
class OrasReferrersTest {
    static final String SBOM = "application/spdx+json";

    static TokenRegistry registry;
    static Digest sampleReferrer;
    static Digest privateIndex;
    static Digest privateSbom;

    @BeforeAll
    static void start() throws IOException {
        registry = TokenRegistry.start(Optional.of(TokenRegistry.PUBLIC_POLICY), "private/app");
        sampleReferrer = registry.registry().images().manifests("hello").values().stream()
                .filter(m -> new String(m.bytes()).contains("\"subject\"")).findFirst().orElseThrow().digest();
        privateIndex = registry.image("private/app").index();
        long size = registry.registry().images().manifest("private/app", privateIndex).orElseThrow().bytes().length;
        privateSbom = ReferringArtifacts.push(registry.registry().images(), "private/app", privateIndex, size, SBOM, 1);
        SampleImages.seedReferrer(registry.registry().images(), "private/app");
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    /** A token from /v2/token for pulling {@code repository}; with {@code basic} "user:secret", logged in. */
    static String token(String repository, String basic) throws Exception {
        String host = registry.hostPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + "/v2/token?service="
                + URLEncoder.encode(host, StandardCharsets.UTF_8) + "&scope="
                + URLEncoder.encode("repository:" + repository + ":pull", StandardCharsets.UTF_8)));
        if (basic != null) request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body()).path("token").asText();
    }

    /** oras-java sending this bearer token with every request. */
    static Registry oras(String token) {
        AuthProvider bearer = new AuthProvider() {
            @Override
            public String getAuthHeader(ContainerRef ref) {
                return "Bearer " + token;
            }

            @Override
            public AuthScheme getAuthScheme() {
                return AuthScheme.BEARER;
            }
        };
        return Registry.builder().insecure().withAuthProvider(bearer).build();
    }

    static ContainerRef ref(String repository, Digest digest) {
        return ContainerRef.parse(registry.hostPort() + "/" + repository + "@" + digest.value());
    }

    @Test
    void anonymousOrasFindsTheSampleSignatureOnHello() throws Exception {
        Referrers referrers = oras(token("hello", null)).getReferrers(ref("hello", registry.hello().index()), null);
        List<ManifestDescriptor> found = referrers.getManifests();
        assertEquals(1, found.size(), referrers.toJson());
        ManifestDescriptor d = found.getFirst();
        assertEquals(sampleReferrer.value(), d.getDigest());
        assertEquals(SampleImages.SIGNATURE_TYPE, d.getArtifactType());
        assertEquals("application/vnd.oci.image.manifest.v1+json", d.getMediaType());
        assertEquals(registry.registry().images().manifest("hello", sampleReferrer).orElseThrow().bytes().length,
                d.getSize());
        assertEquals("2024-01-01T00:00:00Z", d.getAnnotations().get("org.opencontainers.image.created"));
    }

    @Test
    void loggedInOrasListsAndFiltersAPrivateRepositorysReferrers() throws Exception {
        String secret = registry.issue("oras-user", "private/*");
        Registry oras = oras(token("private/app", "oras-user:" + secret));
        assertEquals(2, oras.getReferrers(ref("private/app", privateIndex), null).getManifests().size());
        List<ManifestDescriptor> sboms = oras.getReferrers(ref("private/app", privateIndex), ArtifactType.from(SBOM))
                .getManifests();
        assertEquals(List.of(privateSbom.value()), sboms.stream().map(ManifestDescriptor::getDigest).toList());
        assertEquals(List.of(), oras.getReferrers(ref("private/app", new Digest("sha256:" + "0".repeat(64))), null)
                .getManifests(), "an unknown subject has an empty list, not an error");
    }
}
