package dev.ecrpublic.authorizer;

import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.policy.RepositoryTags;
import java.time.Duration;

import com.nimbusds.jose.jwk.JWK;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.snapstart.OfflinePriming;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CRaC hooks of both apps: priming runs their code paths offline, a restore forgets what was cached. */
class SnapStartHooksTest {
    final AtomicInteger invalidated = new AtomicInteger();
    final AtomicInteger primedSdk = new AtomicInteger();
    final List<String> log = new ArrayList<>();
    final StaticKeys real = StaticKeys.of(SigningKeyJwk.generate(new SecureRandom()));

    /** Counts invalidations; any use of the real keys during priming would fail the test. */
    final KeySource keys = new KeySource() {
        @Override public JWK signingKey() { throw new AssertionError("priming used the function's own keys"); }
        @Override public Optional<JWK> verificationKey(String kid) { throw new AssertionError("priming used the function's own keys"); }
        @Override public List<JWK> publicKeys() { return real.publicKeys(); }
        @Override public void invalidate() { invalidated.incrementAndGet(); }
    };

    @Test
    void tokenAppPrimesOfflineAndForgetsCachesOnRestore() {
        AtomicInteger accessInvalidated = new AtomicInteger();
        AccessSource access = new AccessSource() {
            @Override public AccessDocument current() { throw new AssertionError("priming read the function's own policy"); }
            @Override public void invalidate() { accessInvalidated.incrementAndGet(); }
        };
        AtomicInteger tagsInvalidated = new AtomicInteger();
        RepositoryTagSource tags = new RepositoryTagSource() {
            @Override public RepositoryTags cachedFor(Duration ttl) { throw new AssertionError("priming read repository tags"); }
            @Override public void invalidate() { tagsInvalidated.incrementAndGet(); }
            @Override public void prime() { primedSdk.incrementAndGet(); }
        };
        TokenApp app = new TokenApp(keys, access, tags, "ecr-public", new ServiceName(Optional.of("reg.example")),
                Clock.systemUTC(), log::add, new SecureRandom(), primedSdk::incrementAndGet);
        app.beforeCheckpoint(null);
        assertEquals(2, primedSdk.get(), "Secrets Manager and the tag reads were primed");
        app.afterRestore(null);
        assertEquals(1, invalidated.get());
        assertEquals(1, accessInvalidated.get());
        assertEquals(1, tagsInvalidated.get(), "remembered tag reads are forgotten on restore");
        assertEquals(List.of(), log, "priming writes nothing to the function's log");
    }

    @Test
    void authorizerAppPrimesOfflineAndForgetsKeysOnRestore() {
        AuthorizerApp app = new AuthorizerApp(keys, "ecr-public", new ServiceName(Optional.empty()), Clock.systemUTC(),
                log::add, primedSdk::incrementAndGet);
        app.beforeCheckpoint(null);
        assertEquals(1, primedSdk.get());
        app.afterRestore(null);
        assertEquals(1, invalidated.get());
        assertEquals(List.of(), log);
    }

    @Test
    void sdkPrimingStopsBeforeTheWire() {
        // A client whose endpoint nothing listens on: reaching the network would fail with a connection error.
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(OfflinePriming.INTERCEPTOR))
                .build()) {
            FunctionEnvironment.primeSecretsManager(secrets);
        }
    }
}
