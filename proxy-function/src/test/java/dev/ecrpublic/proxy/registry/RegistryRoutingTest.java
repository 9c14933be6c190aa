package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.AuthorizerContext;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.MappedRegistry;
import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.registry.OciError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry mapping a token carries routes each request to the repository's real registry and region. */
class RegistryRoutingTest {
    static final String OTHER = "210987654321";
    static final MappedRegistry PROD = new MappedRegistry("prod/", Optional.of(OTHER), Optional.of("eu-west-1"), true);
    static final MappedRegistry SHARED = new MappedRegistry("shared/", Optional.of(OTHER), Optional.empty(), false);
    static final RegistryMapping MAPPING = new RegistryMapping(List.of(PROD, SHARED));

    final FakeBackingRegistry backing = new FakeBackingRegistry();
    final List<String> log = new ArrayList<>();
    final Registry registry = new Registry(backing, AuthMode.TOKEN, log::add);

    static String index(String marker) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],"
                + "\"annotations\":{\"where\":\"" + marker + "\"}}";
    }

    static String at(String registryId, String region, String name) {
        return FakeBackingRegistry.key(new RepositoryLocation(Optional.ofNullable(registryId), Optional.ofNullable(region), name));
    }

    @BeforeEach
    void seed() {
        backing.putManifest("hello", "latest", index("own hello"), ManifestMediaTypes.OCI_INDEX);
        backing.putManifest("prod/app", "latest", index("own prod/app: hidden by the mapping"), ManifestMediaTypes.OCI_INDEX);
        backing.putManifest(at(OTHER, "eu-west-1", "app"), "latest", index("prod app"), ManifestMediaTypes.OCI_INDEX);
        backing.putManifest(at(OTHER, "eu-west-1", "tools/base"), "v1", index("prod tools"), ManifestMediaTypes.OCI_INDEX);
        backing.putManifest(at(OTHER, null, "shared/base"), "latest", index("shared base"), ManifestMediaTypes.OCI_INDEX);
        backing.putManifest(at(OTHER, null, "elsewhere"), "latest", index("unreachable"), ManifestMediaTypes.OCI_INDEX);
        backing.putBlob(at(OTHER, "eu-west-1", "app"), Digest.sha256Of("layer".getBytes(StandardCharsets.UTF_8)), 5);
    }

    Map<String, String> context(List<String> names, boolean catalog) {
        List<Access> access = new ArrayList<>(names.stream().map(Access::pull).toList());
        if (catalog) access.add(Access.catalog());
        return new AuthorizerContext("alice", new GrantedAccess(access,
                catalog ? List.of(RepositoryGlob.parse("**")) : List.of(), MAPPING)).toMap();
    }

    GatewayResponse get(String path, Map<String, String> context) {
        return registry.serve(new GatewayRequest("GET", path, Headers.of("Accept", ManifestMediaTypes.OCI_INDEX),
                Map.of(), "req-1", context, null, false));
    }

    @Test
    void aMappedNameIsServedFromItsRegistryUnderItsStrippedName() {
        GatewayResponse r = get("/prod/app/manifests/latest", context(List.of("prod/app"), false));
        assertEquals(200, r.status());
        assertEquals(index("prod app"), r.body());
        GatewayResponse tags = get("/prod/tools/base/tags/list", context(List.of("prod/tools/base"), false));
        assertEquals("{\"name\":\"prod/tools/base\",\"tags\":[\"v1\"]}", tags.body(), "the client's name, the registry's tags");
    }

    @Test
    void withoutStripTheNameIsKeptInTheOtherAccount() {
        GatewayResponse r = get("/shared/base/manifests/latest", context(List.of("shared/base"), false));
        assertEquals(index("shared base"), r.body());
    }

    @Test
    void blobsRedirectAndHeadFromTheMappedRegistry() {
        Digest layer = Digest.sha256Of("layer".getBytes(StandardCharsets.UTF_8));
        assertEquals(307, get("/prod/app/blobs/" + layer.value(), context(List.of("prod/app"), false)).status());
        GatewayResponse head = registry.serve(new GatewayRequest("HEAD", "/prod/app/blobs/" + layer.value(), Headers.empty(),
                Map.of(), "req-2", context(List.of("prod/app"), false), null, false));
        assertEquals("5", head.headers().first("Content-Length").orElseThrow());
        assertEquals(404, get("/hello/blobs/" + layer.value(), context(List.of("hello"), false)).status(),
                "the own hello has no such blob: the mapped registry was not asked");
    }

    @Test
    void unmappedNamesStayInTheOwnRegistry() {
        assertEquals(index("own hello"), get("/hello/manifests/latest", context(List.of("hello"), false)).body());
    }

    @Test
    void failuresInAnotherAccountNeverNameIt() {
        GatewayResponse r = get("/prod/missing/manifests/latest", context(List.of("prod/missing"), false));
        assertEquals(404, r.status());
        assertFalse(r.body().contains(OTHER), "no account id in the answer: " + r.body());
        assertFalse(String.join("\n", log).contains(OTHER), "the audit line speaks of the client's name");
    }

    @Test
    void theCatalogListsMappedRegistriesUnderTheirPrefixesAndHidesShadowedNames() {
        GatewayResponse r = get("/_catalog", context(List.of(), true));
        assertEquals(200, r.status());
        assertEquals("{\"repositories\":[\"hello\",\"prod/app\",\"prod/tools/base\",\"shared/base\"]}", r.body());
    }

    @Test
    void aMappedRegistryEcrRefusesToListIsLeftOutOfTheCatalogAndLogged() {
        backing.listingFails.put(at(OTHER, "eu-west-1", ""), OciError.DENIED);
        GatewayResponse r = get("/_catalog", context(List.of(), true));
        assertEquals(200, r.status(), r.body());
        assertEquals("{\"repositories\":[\"hello\",\"shared/base\"]}", r.body());
        assertTrue(log.stream().anyMatch(l -> l.contains("refuses to list") && l.contains("\"prefix\":\"prod/\"")),
                String.join("\n", log));
        assertFalse(String.join("\n", log).contains(OTHER), "the log line names the prefix, not the account");
        assertEquals(200, get("/prod/app/manifests/latest", context(List.of("prod/app"), false)).status(),
                "pulls from that registry are unaffected");
    }

    @Test
    void anyOtherListingFailureFailsTheCatalogSoClientsRetry() {
        backing.listingFails.put(at(OTHER, "eu-west-1", ""), OciError.UNAVAILABLE);
        assertEquals(503, get("/_catalog", context(List.of(), true)).status());
        backing.listingFails.clear();
        backing.listingFails.put("", OciError.DENIED);
        assertEquals(403, get("/_catalog", context(List.of(), true)).status(), "the own registry must be listable");
    }

    @Test
    void catalogPagingSpansRegistries() {
        GatewayResponse first = registry.serve(new GatewayRequest("GET", "/_catalog", Headers.empty(),
                Map.of("n", List.of("2")), "req-1", context(List.of(), true), null, false));
        assertEquals("{\"repositories\":[\"hello\",\"prod/app\"]}", first.body());
        GatewayResponse second = registry.serve(new GatewayRequest("GET", "/_catalog", Headers.empty(),
                Map.of("n", List.of("2"), "last", List.of("prod/app")), "req-2", context(List.of(), true), null, false));
        assertEquals("{\"repositories\":[\"prod/tools/base\",\"shared/base\"]}", second.body());
    }

    @Test
    void withoutAMappingInTheContextEverythingIsOwn() {
        Map<String, String> context = new AuthorizerContext("alice",
                new GrantedAccess(List.of(Access.pull("prod/app")), List.of())).toMap();
        assertEquals(index("own prod/app: hidden by the mapping"), get("/prod/app/manifests/latest", context).body());
    }
}
