package dev.ecrpublic.e2e;

import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * A local registry with token auth for the real-client tests: the sample image under several repositories, and
 * credentials issued and revoked the way the CLI does it, in the access secret. The access document and the signing
 * keys are re-read on every use, so a revocation shows on the very next token request; the gateway's authorizer cache
 * stays on (short), as in production.
 */
record TokenRegistry(LocalRegistry registry, SampleImage hello) implements AutoCloseable {
    /** The issue's policy: two anonymous patterns, so {@code private/*} and {@code acme/*} need a credential. */
    static final String PUBLIC_POLICY = """
            {"anonymous": ["public/*", "hello"]}""";
    static final Duration AUTHORIZER_CACHE_TTL = Duration.ofSeconds(1);

    /** @param policyJson empty: no policy at all, the anonymous fallback */
    static TokenRegistry start(Optional<String> policyJson, String... repositories) throws IOException {
        var auth = new LocalRegistry.Auth(null, policyJson.map(AccessPolicy::parse), AUTHORIZER_CACHE_TTL,
                Duration.ZERO, Duration.ZERO);
        LocalRegistry registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, auth));
        try {
            for (String repository : repositories) SampleImages.seed(registry.images(), repository);
            return new TokenRegistry(registry, SampleImage.servedBy(registry));
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
    }

    String hostPort() {
        return registry.hostPort();
    }

    /** {@code host:port/repository:latest}, as clients write it. */
    String latest(String repository) {
        return hostPort() + "/" + repository + ":latest";
    }

    /** The sample as the store holds it under {@code repository} (same digests as {@code hello}). */
    SampleImage image(String repository) {
        return SampleImage.read(registry.images(), repository, "latest");
    }

    /** Issues a credential that may pull {@code patterns}; returns its secret. */
    String issue(String name, String... patterns) {
        var globs = Arrays.stream(patterns).map(RepositoryGlob::parse).toList();
        IssuedSecret issued = IssuedSecret.generate(name, globs, Optional.empty(), Clock.systemUTC(), new SecureRandom());
        registry.secrets().access().update(document -> document.withCredential(issued.credential()));
        return issued.secret();
    }

    void revoke(String name) {
        registry.secrets().access().update(document -> document.withoutCredential(name));
    }

    @Override
    public void close() {
        registry.close();
    }
}
