package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.AuthorizerContext;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.RepositoryGlob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The proxy's own check of the authorizer context, behind an API Gateway whose ARN wildcards cross '/'. */
class PullPermissionTest {
    static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";

    final FakeBackingRegistry backing = new FakeBackingRegistry();
    final List<String> log = new ArrayList<>();
    final Registry registry = new Registry(backing, AuthMode.TOKEN, log::add);

    @BeforeEach
    void seed() {
        for (String name : List.of("a", "a/sub", "a/manifests/x", "b", "public/app", "public/deep/app"))
            backing.putManifest(name, "latest", INDEX, ManifestMediaTypes.OCI_INDEX);
    }

    static Map<String, String> context(List<String> repositories, List<String> catalogPatterns) {
        List<Access> access = new ArrayList<>();
        repositories.forEach(r -> access.add(new Access("repository", r, List.of("pull"))));
        if (catalogPatterns != null) access.add(new Access("registry", "catalog", List.of("*")));
        List<RepositoryGlob> patterns = catalogPatterns == null ? List.of()
                : catalogPatterns.stream().map(RepositoryGlob::parse).toList();
        return new AuthorizerContext("alice", new GrantedAccess(access, patterns)).toMap();
    }

    GatewayResponse get(String path, Map<String, String> authorizerContext) {
        return get(path, Map.of(), authorizerContext);
    }

    GatewayResponse get(String path, Map<String, List<String>> query, Map<String, String> authorizerContext) {
        return registry.serve(new GatewayRequest("GET", path, Headers.of("Accept", ManifestMediaTypes.OCI_INDEX),
                query, "req-1", authorizerContext, null, false));
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("granted repository", "/a/manifests/latest", 200),
                arguments("base needs only a valid token", "/", 200),
                arguments("other repository", "/b/manifests/latest", 403),
                arguments("sub-repository of a granted one", "/a/sub/manifests/latest", 403),
                arguments("repository named like an endpoint under a", "/a/manifests/x/manifests/latest", 403),
                arguments("tags of another repository", "/b/tags/list", 403),
                arguments("referrers in a granted repository", "/a/referrers/sha256:" + "0".repeat(64), 200),
                arguments("referrers in another repository", "/b/referrers/sha256:" + "0".repeat(64), 403),
                arguments("referrers in a sub-repository", "/a/sub/referrers/sha256:" + "0".repeat(64), 403),
                arguments("unknown repository is denied, not revealed", "/nope/manifests/latest", 403),
                arguments("catalog without catalog access", "/_catalog", 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void onlyWhatTheContextGrants(String name, String path, int status) {
        GatewayResponse r = get(path, context(List.of("a"), null));
        assertEquals(status, r.status(), r.body());
        if (status == 403) assertTrue(r.body().contains("\"DENIED\""), r.body());
    }

    @Test
    void withoutAnAuthorizerContextTokenModeRefuses() {
        GatewayResponse r = get("/a/manifests/latest", Map.of());
        assertEquals(403, r.status());
        assertEquals(403, get("/", Map.of()).status());
    }

    @Test
    void catalogListsOnlyWhatThePatternsShow() {
        GatewayResponse r = get("/_catalog", context(List.of(), List.of("public/*", "a")));
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"repositories\":[\"a\",\"public/app\"]}", r.body());
    }

    @Test
    void catalogPagesCountOnlyVisibleRepositories() {
        GatewayResponse r = get("/_catalog", Map.of("n", List.of("1")), context(List.of(), List.of("public/**")));
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"repositories\":[\"public/app\"]}", r.body());
        assertEquals("</v2/_catalog?n=1&last=public%2Fapp>; rel=\"next\"", r.headers().first("Link").orElse(null));
    }

    @Test
    void theAuditLineNamesThePrincipal() {
        get("/a/manifests/latest", context(List.of("a"), null));
        assertTrue(log.getLast().contains("\"principal\":\"alice\""), log.getLast());
    }
}
