package dev.ecrpublic.authorizer.handshake;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ecrpublic.authorizer.ServiceName;
import dev.ecrpublic.authorizer.TokenApp;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryLocation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token endpoint reads tags only when the policy turns tag access on, with its TTL, and says what they granted. */
class TokenEndpointTagsTest {
    final List<String> log = new ArrayList<>();
    final List<Duration> ttls = new ArrayList<>();
    final List<RepositoryLocation> reads = new ArrayList<>();
    final IssuedSecret alice = IssuedSecret.generate("alice", List.of(), Optional.empty(), Clock.systemUTC(), new SecureRandom());

    final RepositoryTagSource tags = ttl -> {
        ttls.add(ttl);
        return location -> {
            reads.add(location);
            return location.repositoryName().equals("team") ? Map.of("ecr-public:pull", "alice") : Map.of();
        };
    };

    TokenApp app(String policy) {
        AccessDocument document = new AccessDocument(Optional.of(AccessPolicy.parse(policy)), List.of(alice.credential()));
        return new TokenApp(StaticKeys.of(SigningKeyJwk.generate(new SecureRandom())), () -> document, tags,
                "ecr-public", new ServiceName(Optional.of("reg.example")), Clock.systemUTC(), log::add);
    }

    Map<String, Object> tokenClaims(TokenApp app, String... scopes) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("alice:" + alice.secret()).getBytes(StandardCharsets.UTF_8));
        GatewayResponse response = app.serve(GatewayRequest.of("GET", "/token",
                Headers.of("Authorization", "Basic " + basic), Map.of("scope", List.of(scopes))));
        assertEquals(200, response.status(), response.body());
        String token = (String) JSONObjectUtils.parse(response.body()).get("token");
        return JSONObjectUtils.parse(new Base64URL(token.split("\\.")[1]).decodeToString());
    }

    @Test
    void withTagAccessATagGrantsAndTheAuditLineSaysSo() throws Exception {
        TokenApp app = app("""
                {"anonymous": ["public/*"], "tagAccess": true, "tagCacheSeconds": 7,
                 "registries": [{"prefix": "prod/", "registryId": "210987654321", "stripPrefix": true}]}""");
        Map<String, Object> claims = tokenClaims(app, "repository:prod/team:pull", "repository:public/x:pull",
                "repository:other:pull");
        assertEquals(List.of(Map.of("type", "repository", "name", "prod/team", "actions", List.of("pull")),
                Map.of("type", "repository", "name", "public/x", "actions", List.of("pull"))), claims.get("access"));
        assertEquals(List.of(Map.of("prefix", "prod/", "registryId", "210987654321", "stripPrefix", true)),
                claims.get("registries"));
        assertEquals(List.of(Duration.ofSeconds(7)), ttls);
        assertEquals(List.of(new RepositoryLocation(Optional.of("210987654321"), Optional.empty(), "team"),
                RepositoryLocation.own("other")), reads, "public/x is granted by a pattern: its tags are not read");
        String line = log.stream().filter(l -> l.contains("token request")).findFirst().orElseThrow();
        assertTrue(line.contains("\"grantedByTags\":\"prod/team\""), line);
    }

    @Test
    void oneRequestReadsTheTagsOfAtMostSixteenRepositories() throws Exception {
        TokenApp app = app("{\"tagAccess\": true}");
        String[] scopes = new String[40];
        for (int i = 0; i < scopes.length; i++) scopes[i] = "repository:made-up-" + i + ":pull";
        scopes[39] = "repository:team:pull"; // tagged for alice, but past the budget
        Map<String, Object> claims = tokenClaims(app, scopes);
        assertEquals(TokenEndpoint.MAX_TAG_READS, reads.size());
        assertEquals(List.of(), claims.get("access"), "past the budget tags grant nothing");
        String line = log.stream().filter(l -> l.contains("token request")).findFirst().orElseThrow();
        assertTrue(line.contains("\"tagReadsRefused\":24"), line);
    }

    @Test
    void withoutTagAccessNoTagIsRead() throws Exception {
        TokenApp app = app("{\"anonymous\": [\"public/*\"]}");
        Map<String, Object> claims = tokenClaims(app, "repository:prod/team:pull", "repository:team:pull");
        assertEquals(List.of(), claims.get("access"));
        assertEquals(List.of(), ttls);
        assertEquals(List.of(), reads);
        assertTrue(log.stream().noneMatch(l -> l.contains("grantedByTags")), String.join("\n", log));
    }
}
