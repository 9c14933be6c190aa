package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PullTagTest {
    @Test
    void readsOnlyItsOwnKeyAndSplitsOnWhitespace() {
        assertEquals(Optional.empty(), PullTag.of(Map.of("team", "payments")));
        assertEquals(List.of("alice", "oidc:https://ci.example", "authenticated"),
                PullTag.of(Map.of(PullTag.KEY, " alice  oidc:https://ci.example\tauthenticated ")).orElseThrow().grantees());
    }

    @Test
    void anEmptyValueAdmitsNobody() {
        PullTag empty = PullTag.of(Map.of(PullTag.KEY, "  ")).orElseThrow();
        assertFalse(empty.admits(Principal.ANONYMOUS));
        assertFalse(empty.admits(Principal.credential("alice")));
    }

    @Test
    void namesAreExact() {
        PullTag tag = new PullTag(List.of("alice", "oidc:https://ci.example"));
        assertTrue(tag.admits(Principal.credential("alice")));
        assertFalse(tag.admits(Principal.credential("Alice")));
        assertFalse(tag.admits(Principal.credential("alice2")));
        assertFalse(tag.admits(Principal.oidc("x", "https://ci.example/")), "issuers compare exactly");
        assertTrue(tag.admits(Principal.oidc("x@y", "https://ci.example")));
        assertFalse(new PullTag(List.of("anonymous-users")).admits(Principal.ANONYMOUS));
    }
}
