package dev.ecrpublic.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.token.RefreshVerification;
import dev.ecrpublic.token.TokenVerifier;
import dev.ecrpublic.token.Verification;

import java.security.SecureRandom;
import java.time.Clock;

/** Whatever arrives as a bearer or refresh token is refused (nothing here holds the key), and never throws. */
class TokenFuzzTest {
    static final TokenVerifier VERIFIER = new TokenVerifier(StaticKeys.of(SigningKeyJwk.generate(new SecureRandom())),
            Clock.systemUTC(), "ecr-public");

    @FuzzTest(maxDuration = "10s")
    void anyTokenIsRefusedWithoutThrowing(@NotNull String token) {
        if (!(VERIFIER.verify(token, "reg.example") instanceof Verification.Invalid))
            throw new AssertionError("accepted a token nobody signed");
        if (!(VERIFIER.verifyRefresh(token, "reg.example") instanceof RefreshVerification.Invalid))
            throw new AssertionError("accepted a refresh token nobody signed");
    }
}
