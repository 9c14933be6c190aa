package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PullTagTest {
    static Identity credential(String name) {
        return new Identity(Principal.credential(name), List.of());
    }

    /** An OIDC caller; {@code ruleAdmitted}: one of the issuer's rules matched, so it carries that rule's patterns. */
    static Identity oidc(String subject, String issuer, boolean ruleAdmitted) {
        return new Identity(Principal.oidc(subject, issuer), ruleAdmitted ? List.of(RepositoryGlob.parse("ci/*")) : List.of());
    }

    @Test
    void aValidOidcTokenThatNoRuleAdmittedIsNotAuthenticatedForTags() {
        // Anyone can run a CI job and get a token from a public CI issuer; only the policy's rules make it someone.
        PullTag authenticated = new PullTag(List.of("authenticated"));
        PullTag issuer = new PullTag(List.of("oidc:https://ci.example"));
        assertFalse(authenticated.admits(oidc("repo:stranger/x", "https://ci.example", false)));
        assertFalse(issuer.admits(oidc("repo:stranger/x", "https://ci.example", false)));
        assertTrue(authenticated.admits(oidc("repo:acme/app", "https://ci.example", true)));
        assertTrue(issuer.admits(oidc("repo:acme/app", "https://ci.example", true)));
        assertTrue(authenticated.admits(credential("alice")), "an issued credential is always someone");
        assertFalse(authenticated.admits(Identity.ANONYMOUS));
    }

    @Test
    void readsOnlyItsOwnKeyAndSplitsOnWhitespace() {
        assertEquals(Optional.empty(), PullTag.of(Map.of("team", "payments")));
        assertEquals(List.of("alice", "oidc:https://ci.example", "authenticated"),
                PullTag.of(Map.of(PullTag.KEY, " alice  oidc:https://ci.example\tauthenticated ")).orElseThrow().grantees());
    }

    @Test
    void anEmptyValueAdmitsNobody() {
        PullTag empty = PullTag.of(Map.of(PullTag.KEY, "  ")).orElseThrow();
        assertFalse(empty.admits(Identity.ANONYMOUS));
        assertFalse(empty.admits(credential("alice")));
    }

    @Test
    void namesAreExact() {
        PullTag tag = new PullTag(List.of("alice", "oidc:https://ci.example"));
        assertTrue(tag.admits(credential("alice")));
        assertFalse(tag.admits(credential("Alice")));
        assertFalse(tag.admits(credential("alice2")));
        assertFalse(tag.admits(oidc("x", "https://ci.example/", true)), "issuers compare exactly");
        assertTrue(tag.admits(oidc("x@y", "https://ci.example", true)));
        assertFalse(new PullTag(List.of("anonymous-users")).admits(Identity.ANONYMOUS));
    }
}
