package dev.ecrpublic.authorizer;

import com.nimbusds.jose.jwk.ECKey;
import dev.ecrpublic.gateway.AuthorizerContext;
import dev.ecrpublic.gateway.Headers;
import com.nimbusds.jose.jwk.JWK;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.token.TokenIssuer;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestAuthorizerTest {
    static final String ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/a/manifests/latest";
    final ECKey key = SigningKeyJwk.generate(new SecureRandom());
    final StaticKeys keys = StaticKeys.of(key);
    final Clock clock = Clock.systemUTC();
    final List<String> log = new ArrayList<>();
    final RequestAuthorizer authorizer = new RequestAuthorizer(keys, "ecr-public", new ServiceName(Optional.empty()),
            clock, log::add);

    String token(String audience, String... repositories) {
        List<Access> access = new ArrayList<>();
        for (String r : repositories) access.add(new Access("repository", r, List.of("pull")));
        return new TokenIssuer(keys, clock, "ecr-public").issue("bob", audience, new GrantedAccess(access, List.of()),
                Duration.ofMinutes(5)).token();
    }

    RequestAuthorizer.Decision authorize(String authorization) {
        Headers headers = Headers.of("Host", "reg.example");
        if (authorization != null) headers.add("Authorization", authorization);
        return authorizer.authorize(new AuthorizerRequest(ARN, headers, "req"));
    }

    @Test
    void validTokenGivesAPolicyAndTheContextTheProxyReads() {
        String token = token("reg.example", "a");
        PolicyDocument policy = assertInstanceOf(RequestAuthorizer.Decision.Allow.class, authorize("Bearer " + token)).policy();
        assertEquals("bob", policy.principalId());
        assertTrue(policy.allowedResources().contains("arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/a/*"));
        AuthorizerContext context = AuthorizerContext.fromMap(policy.context()).orElseThrow();
        assertTrue(context.access().mayPull("a"));
        assertFalse(context.access().mayPull("a/sub"));
        assertFalse(log.getLast().contains(token), "tokens never reach the log");
    }

    @Test
    void refusals() {
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize(null));
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize("Basic Ym9iOnB3"));
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize("Bearer "));
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize("Bearer not-a-jwt"));
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize("Bearer " + token("other.example", "a")));
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize("Bearer " + "x".repeat(9000)));
        String foreign = new TokenIssuer(StaticKeys.of(SigningKeyJwk.generate(new SecureRandom())), clock, "ecr-public")
                .issue("bob", "reg.example", GrantedAccess.NONE, Duration.ofMinutes(5)).token();
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, authorize("Bearer " + foreign));
    }

    @Test
    void readsTheRestApiRequestAuthorizerEvent() throws Exception {
        AuthorizerRequest r = AuthorizerRequest.read("""
                {"type":"REQUEST","methodArn":"%s","resource":"/{proxy+}","path":"/v2/a/manifests/latest",
                 "httpMethod":"GET","headers":{"Authorization":"Bearer x","Host":"reg.example"},
                 "multiValueHeaders":{"Authorization":["Bearer x"],"Host":["reg.example"]},
                 "queryStringParameters":null,"pathParameters":{"proxy":"a/manifests/latest"},
                 "requestContext":{"requestId":"rid-1","identity":{"sourceIp":"1.2.3.4"}}}
                """.formatted(ARN));
        assertEquals(ARN, r.methodArn());
        assertEquals("rid-1", r.requestId());
        assertEquals("Bearer x", r.headers().first("authorization").orElse(null));
    }

    @Test
    void aTokenSeenBeforeIsNotVerifiedAgainUntilItExpires() {
        AtomicInteger lookups = new AtomicInteger();
        KeySource counting = new KeySource() {
            @Override public JWK signingKey() { return keys.signingKey(); }
            @Override public Optional<JWK> verificationKey(String kid) { lookups.incrementAndGet(); return keys.verificationKey(kid); }
            @Override public List<JWK> publicKeys() { return keys.publicKeys(); }
        };
        Instant start = Instant.parse("2026-03-01T10:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(start);
        Clock moving = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        RequestAuthorizer cached = new RequestAuthorizer(counting, "ecr-public", new ServiceName(Optional.empty()),
                moving, log::add);
        String token = new TokenIssuer(keys, moving, "ecr-public").issue("bob", "reg.example",
                GrantedAccess.NONE, Duration.ofMinutes(2)).token();
        AuthorizerRequest request = new AuthorizerRequest(ARN, Headers.of("Host", "reg.example", "Authorization", "Bearer " + token), "r");
        assertInstanceOf(RequestAuthorizer.Decision.Allow.class, cached.authorize(request));
        assertInstanceOf(RequestAuthorizer.Decision.Allow.class, cached.authorize(request));
        assertEquals(2, lookups.get(), "verified once, then only its key looked up");
        AuthorizerRequest otherHost = new AuthorizerRequest(ARN, Headers.of("Host", "other.example", "Authorization", "Bearer " + token), "r");
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, cached.authorize(otherHost), "the audience is part of the key");
        now.set(start.plus(Duration.ofMinutes(3)).plusSeconds(61));
        assertInstanceOf(RequestAuthorizer.Decision.Unauthorized.class, cached.authorize(request), "expired: verified again, refused");
    }
}
