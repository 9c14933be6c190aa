package dev.ecrpublic.bench.jmh;

import com.nimbusds.jose.jwk.ECKey;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.token.TokenIssuer;
import dev.ecrpublic.token.TokenVerifier;
import dev.ecrpublic.token.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The authorizer's work per request, minus event and policy JSON: checking an ES256 access token. */
@State(Scope.Benchmark)
public class TokenVerifyBenchmark {
    static final String HOST = "registry.example.com";

    TokenVerifier verifier;
    TokenIssuer issuer;
    GrantedAccess access;
    String token;

    @Setup
    public void setUp() {
        ECKey key = SigningKeyJwk.generate(new SecureRandom());
        StaticKeys keys = StaticKeys.of(key);
        Clock clock = Clock.systemUTC();
        issuer = new TokenIssuer(keys, clock, "ecr-public");
        verifier = new TokenVerifier(keys, clock, "ecr-public");
        access = new GrantedAccess(List.of(Access.pull("hello")), List.of());
        token = issuer.issue("ci", HOST, access, Duration.ofHours(6)).token();
        if (!(verifier.verify(token, HOST) instanceof Verification.Valid))
            throw new IllegalStateException("the benchmark's token does not verify");
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(token, HOST);
    }

    /** The token function's signing step, for comparison with its warm cost. */
    @Benchmark
    public String issue() {
        return issuer.issue("ci", HOST, access, Duration.ofMinutes(5)).token();
    }
}
