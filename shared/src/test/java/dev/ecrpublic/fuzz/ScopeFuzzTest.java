package dev.ecrpublic.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.Scope;
import dev.ecrpublic.policy.ScopeException;
import dev.ecrpublic.policy.ScopeRequest;

import java.util.List;

/**
 * Scope parameters as clients send them: a list of scopes or a typed error, and whatever parses is granted only pull
 * (or the catalog), never more. Replays its corpus in every test run; fuzzes with JAZZER_FUZZ=1.
 */
class ScopeFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void scopesParseOrFailTyped(@NotNull String first, @NotNull String second) {
        List<Scope> scopes;
        try {
            scopes = ScopeRequest.parse(List.of(first, second));
        } catch (ScopeException expected) {
            return;
        }
        AccessPolicy.FALLBACK.grant(Identity.ANONYMOUS, scopes).access().forEach(a -> {
            if (!a.actions().equals(List.of("pull")) && !a.actions().equals(List.of("*")))
                throw new AssertionError("granted more than pull: " + a);
        });
    }
}
