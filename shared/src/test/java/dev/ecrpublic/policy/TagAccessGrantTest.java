package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Repository tags grant pull, through {@link AccessPolicy#grant}, and nothing more. */
class TagAccessGrantTest {
    static final AccessPolicy POLICY = AccessPolicy.parse("""
            {"anonymous": ["public/**"], "tagAccess": true,
             "registries": [{"prefix": "prod/", "registryId": "123456789012", "region": "eu-west-1", "stripPrefix": true}]}""");
    static final Identity ANONYMOUS = Identity.ANONYMOUS;
    static final Identity ALICE = new Identity(Principal.credential("alice"), List.of());
    static final Identity BOB = new Identity(Principal.credential("bob"), List.of());
    /** OIDC callers a rule of their issuer admitted: they carry that rule's patterns. */
    static final Identity CI = new Identity(Principal.oidc("repo:acme/app", "https://ci.example"),
            List.of(RepositoryGlob.parse("acme/*")));
    static final Identity OTHER_CI = new Identity(Principal.oidc("repo:acme/app", "https://other.example"),
            List.of(RepositoryGlob.parse("acme/*")));
    static final Identity STRANGER = new Identity(Principal.oidc("repo:stranger/x", "https://ci.example"), List.of());

    final List<RepositoryLocation> reads = new ArrayList<>();

    RepositoryTags tagged(Map<String, Map<String, String>> byRepository) {
        return location -> {
            reads.add(location);
            return byRepository.getOrDefault(location.repositoryName(), Map.of());
        };
    }

    Set<String> pullable(AccessPolicy policy, Identity who, RepositoryTags tags, String... scopes) {
        return policy.grant(who, ScopeRequest.parse(List.of(scopes)), tags).pullableRepositories();
    }

    @Test
    void anonymousMakesARepositoryPublic() {
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "anonymous")));
        assertEquals(Set.of("app"), pullable(POLICY, ANONYMOUS, tags, "repository:app:pull"));
        assertEquals(Set.of("app"), pullable(POLICY, ALICE, tags, "repository:app:pull"));
    }

    @Test
    void aCredentialNameGrantsThatCredentialAndNobodyElse() {
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "  carol alice ")));
        assertEquals(Set.of("app"), pullable(POLICY, ALICE, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, BOB, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, ANONYMOUS, tags, "repository:app:pull"));
        Identity aliceViaOidc = new Identity(Principal.oidc("alice", "https://ci.example"), List.of());
        assertEquals(Set.of(), pullable(POLICY, aliceViaOidc, tags, "repository:app:pull"),
                "an OIDC subject that happens to be named like a credential is not that credential");
    }

    @Test
    void authenticatedMeansAnyoneWhoLoggedIn() {
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "authenticated")));
        assertEquals(Set.of("app"), pullable(POLICY, BOB, tags, "repository:app:pull"));
        assertEquals(Set.of("app"), pullable(POLICY, CI, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, ANONYMOUS, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, STRANGER, tags, "repository:app:pull"),
                "a valid token of the issuer that no rule admitted is nobody");
    }

    @Test
    void anOidcIssuerGrantsItsPrincipalsOnly() {
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "oidc:https://ci.example")));
        assertEquals(Set.of("app"), pullable(POLICY, CI, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, OTHER_CI, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, STRANGER, tags, "repository:app:pull"));
        assertEquals(Set.of(), pullable(POLICY, ALICE, tags, "repository:app:pull"));
    }

    @Test
    void aTagCannotGrantMoreThanPull() {
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "anonymous",
                "ecr-public:push", "anonymous", "ecr-public:catalog", "anonymous")));
        GrantedAccess granted = POLICY.grant(ANONYMOUS,
                ScopeRequest.parse(List.of("repository:app:push,pull,delete", "registry:catalog:*")), tags);
        assertEquals(List.of(Access.pull("app"), Access.catalog()), granted.access());
        assertEquals(List.of(RepositoryGlob.parse("public/**")), granted.catalogRepositories(),
                "the catalog lists only what the policy's patterns cover, never tag-granted names");
        assertEquals(Set.of(), pullable(POLICY, ANONYMOUS, tagged(Map.of("app", Map.of("ecr-public:push", "anonymous"))),
                "repository:app:push,pull"), "only the pull key means anything");
        assertEquals(Set.of(), pullable(POLICY, ANONYMOUS, tags, "repository:app:push"));
    }

    @Test
    void failedReadsGrantNothingAndTagsOnlyAdd() {
        RepositoryTags failing = location -> Map.of(); // what a failed read answers
        assertEquals(Set.of("public/x"), pullable(POLICY, ANONYMOUS, failing, "repository:app:pull", "repository:public/x:pull"));
        RepositoryTags tags = tagged(Map.of("public/x", Map.of("ecr-public:pull", "alice")));
        assertEquals(Set.of("public/x"), pullable(POLICY, ANONYMOUS, tags, "repository:public/x:pull"),
                "a tag naming someone does not take away what the policy grants");
        assertEquals(List.of(), reads, "names the patterns already grant are never looked up");
    }

    @Test
    void withoutTagAccessTagsAreNotRead() {
        AccessPolicy off = AccessPolicy.parse("{\"anonymous\": [\"public/**\"]}");
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "anonymous")));
        assertEquals(Set.of(), pullable(off, ANONYMOUS, tags, "repository:app:pull"));
        assertEquals(List.of(), reads);
    }

    @Test
    void tagsAreReadWhereTheNameLives() {
        RepositoryTags tags = tagged(Map.of("app", Map.of("ecr-public:pull", "anonymous")));
        assertEquals(Set.of("prod/app"), pullable(POLICY, ANONYMOUS, tags, "repository:prod/app:pull"));
        assertEquals(List.of(new RepositoryLocation(Optional.of("123456789012"), Optional.of("eu-west-1"), "app")), reads);
    }

    @Test
    void invalidNamesAreNeverLookedUp() {
        RepositoryTags tags = tagged(Map.of());
        assertEquals(Set.of(), pullable(POLICY, ANONYMOUS, tags, "repository:Bad/Name:pull", "repository:localhost:5000/x:pull"));
        assertFalse(reads.stream().anyMatch(r -> r.repositoryName().contains(":")));
        assertEquals(List.of(), reads);
    }
}
