package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AccessPolicyGrantTest {
    static final AccessPolicy POLICY = AccessPolicy.parse("{\"anonymous\": [\"public/*\", \"hello\"]}");
    static final Identity ALICE = new Identity(Principal.credential("alice"), globs("acme/**"));

    static List<RepositoryGlob> globs(String... patterns) {
        return Arrays.stream(patterns).map(RepositoryGlob::parse).toList();
    }

    static List<Scope> scopes(String... wire) {
        return ScopeRequest.parse(List.of(wire));
    }

    static Stream<Arguments> grants() {
        return Stream.of(
                arguments("anonymous pull of a public repository", POLICY, Identity.ANONYMOUS,
                        scopes("repository:public/app:pull"), Set.of("public/app")),
                arguments("anonymous pull of a literal", POLICY, Identity.ANONYMOUS, scopes("repository:hello:pull"),
                        Set.of("hello")),
                arguments("star does not cross segments", POLICY, Identity.ANONYMOUS,
                        scopes("repository:public/a/b:pull"), Set.of()),
                arguments("push never granted, pull kept", POLICY, Identity.ANONYMOUS,
                        scopes("repository:hello:pull,push"), Set.of("hello")),
                arguments("push alone grants nothing", POLICY, ALICE, scopes("repository:acme/app:push"), Set.of()),
                arguments("delete grants nothing", POLICY, ALICE, scopes("repository:acme/app:delete"), Set.of()),
                arguments("star action means pull", POLICY, Identity.ANONYMOUS, scopes("repository:hello:*"),
                        Set.of("hello")),
                arguments("resource class still a repository", POLICY, Identity.ANONYMOUS,
                        scopes("repository(plugin):hello:pull"), Set.of("hello")),
                arguments("unknown type dropped", POLICY, ALICE, scopes("thing:acme/app:pull"), Set.of()),
                arguments("credential patterns apply", POLICY, ALICE, scopes("repository:acme/a/b:pull"),
                        Set.of("acme/a/b")),
                arguments("credential patterns don't leak to anonymous", POLICY, Identity.ANONYMOUS,
                        scopes("repository:acme/app:pull"), Set.of()),
                arguments("anonymous patterns apply to authenticated too", POLICY, ALICE,
                        scopes("repository:public/app:pull"), Set.of("public/app")),
                arguments("host-prefixed name grants nothing", POLICY, Identity.ANONYMOUS,
                        scopes("repository:127.0.0.1:5000/hello:pull"), Set.of()),
                arguments("host:port-prefixed name grants nothing even with fallback", AccessPolicy.FALLBACK,
                        Identity.ANONYMOUS, scopes("repository:registry.example.com:443/hello:pull"), Set.of()),
                arguments("localhost:port-prefixed name grants nothing", AccessPolicy.FALLBACK,
                        Identity.ANONYMOUS, scopes("repository:localhost:5000/hello:pull"), Set.of()),
                arguments("invalid name grants nothing", AccessPolicy.FALLBACK, Identity.ANONYMOUS,
                        scopes("repository:Hello:pull"), Set.of()),
                arguments("fallback grants any valid pull", AccessPolicy.FALLBACK, Identity.ANONYMOUS,
                        scopes("repository:a/b/c:pull", "repository:x:pull,push"), Set.of("a/b/c", "x")),
                arguments("several scopes, some granted", POLICY, Identity.ANONYMOUS,
                        scopes("repository:hello:pull repository:secret:pull repository:public/x:pull"),
                        Set.of("hello", "public/x")),
                arguments("no scopes, nothing granted", POLICY, ALICE, scopes(), Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grants")
    void grantsOnlyPullOnMatchingRepositories(String name, AccessPolicy policy, Identity who, List<Scope> requested,
                                              Set<String> pullable) {
        GrantedAccess granted = policy.grant(who, requested);
        assertEquals(pullable, granted.pullableRepositories());
        for (Access a : granted.access()) {
            assertEquals("repository", a.type());
            assertEquals(List.of("pull"), a.actions(), "only pull is ever granted");
        }
        assertFalse(granted.catalog());
    }

    @Test
    void catalogIsFilteredByTheCallersPatterns() {
        GrantedAccess anonymous = POLICY.grant(Identity.ANONYMOUS, scopes("registry:catalog:*"));
        assertTrue(anonymous.catalog());
        assertEquals(List.of(Access.catalog()), anonymous.access());
        assertTrue(anonymous.catalogShows("public/app"));
        assertTrue(anonymous.catalogShows("hello"));
        assertFalse(anonymous.catalogShows("acme/app"));
        assertFalse(anonymous.mayPull("public/app"), "catalog is not pull");

        GrantedAccess alice = POLICY.grant(ALICE, scopes("registry:catalog:*"));
        assertTrue(alice.catalogShows("acme/app"));
        assertTrue(alice.catalogShows("public/app"));
        assertFalse(alice.catalogShows("private/app"));
    }

    static Stream<Arguments> notCatalog() {
        return Stream.of(
                arguments("catalog needs the star action", "registry:catalog:pull"),
                arguments("only the catalog resource", "registry:other:*"),
                arguments("no class on registry", "registry(x):catalog:*"),
                arguments("repository named catalog is not the catalog", "repository:catalog:push"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notCatalog")
    void catalogOnlyForTheExactScope(String name, String scope) {
        GrantedAccess granted = AccessPolicy.FALLBACK.grant(Identity.ANONYMOUS, scopes(scope));
        assertFalse(granted.catalog());
        assertTrue(granted.catalogRepositories().isEmpty());
        assertFalse(granted.catalogShows("anything"));
    }

    @Test
    void deduplicatesKeepingFirstRequestOrder() {
        GrantedAccess granted = AccessPolicy.FALLBACK.grant(Identity.ANONYMOUS,
                scopes("repository:b:pull repository:a:pull repository:b:pull,push registry:catalog:* registry:catalog:*"));
        assertEquals(List.of(Access.pull("b"), Access.pull("a"), Access.catalog()), granted.access());
        assertEquals(List.of("b", "a"), List.copyOf(granted.pullableRepositories()));
        assertTrue(granted.mayPull("a"));
        assertFalse(granted.mayPull("c"));
    }

    @Test
    void noneGrantsNothing() {
        assertTrue(GrantedAccess.NONE.access().isEmpty());
        assertFalse(GrantedAccess.NONE.catalog());
        assertFalse(GrantedAccess.NONE.mayPull("hello"));
    }

    @Test
    void accessClaimRoundTrip() {
        Access access = new Access("repository", "a/b", List.of("pull"));
        assertEquals(access, Access.fromMap(access.toMap()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Access.fromMap(java.util.Map.of("type", "repository", "name", "a", "actions", List.of(1))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Access.fromMap("x"));
    }
}
