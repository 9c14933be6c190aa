package dev.ecrpublic.authorizer;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ecrpublic.authorizer.handshake.AccessSource;
import dev.ecrpublic.keys.SigningKeyJwk;
import dev.ecrpublic.keys.StaticKeys;
import dev.ecrpublic.policy.AccessDocument;
import dev.ecrpublic.policy.AccessPolicy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One function for /v2/token and the REQUEST authorizer: each event reaches its side, on shared keys. */
class TokenAndAuthorizerHandlerTest {
    static final String SERVICE = "reg.example";

    final List<String> log = new ArrayList<>();
    final StaticKeys keys = StaticKeys.of(SigningKeyJwk.generate(new SecureRandom()));
    final AccessDocument document = new AccessDocument(Optional.of(AccessPolicy.parse("{\"anonymous\": [\"hello\"]}")),
            List.of());
    final AccessSource access = () -> document;
    final ServiceName service = new ServiceName(Optional.of(SERVICE));
    final TokenAndAuthorizerHandler handler = new TokenAndAuthorizerHandler(
            new TokenHandler(new TokenApp(keys, access, "ecr-public", service, Clock.systemUTC(), log::add)),
            new AuthorizerHandler(new AuthorizerApp(keys, "ecr-public", service, Clock.systemUTC(), log::add)));

    @Test
    void theTokenAnAnonymousLoginGetsIsAcceptedByTheAuthorizerOfTheSameFunction() throws Exception {
        Map<String, Object> login = JSONObjectUtils.parse(invoke(tokenEvent()));
        assertEquals(200L, login.get("statusCode"), login.toString());
        String token = (String) JSONObjectUtils.parse((String) login.get("body")).get("token");

        String policy = invoke(authorizerEvent("Bearer " + token));
        assertTrue(policy.contains("\"Effect\":\"Allow\""), policy);
        assertTrue(policy.contains("/v2/GET/hello/*"), policy);
    }

    @Test
    void anAuthorizerEventWithoutATokenIsRefusedAsApiGatewayExpects() {
        var refused = assertThrows(AuthorizerHandler.Unauthorized.class, () -> invoke(authorizerEvent("Basic eDp5")));
        assertEquals("Unauthorized", refused.getMessage());
    }

    @Test
    void onlyATopLevelTypeOfRequestMakesAnAuthorizerEvent() throws Exception {
        assertTrue(TokenAndAuthorizerHandler.isAuthorizerEvent(authorizerEvent("Bearer x")));
        assertFalse(TokenAndAuthorizerHandler.isAuthorizerEvent(tokenEvent()));
        assertFalse(TokenAndAuthorizerHandler.isAuthorizerEvent(bytes("""
                {"resource":"/token","headers":{"type":"REQUEST"},"queryStringParameters":{"type":"REQUEST"}}""")));
        assertFalse(TokenAndAuthorizerHandler.isAuthorizerEvent(bytes("{\"type\":\"TOKEN\",\"methodArn\":\"x\"}")));
        assertFalse(TokenAndAuthorizerHandler.isAuthorizerEvent(bytes("[]")));
    }

    private String invoke(byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] tokenEvent() {
        return bytes("""
                {"resource":"/token","path":"/token","httpMethod":"GET","headers":{"Host":"%s"},
                 "multiValueHeaders":{"Host":["%s"]},
                 "queryStringParameters":{"scope":"repository:hello:pull","service":"%s"},
                 "multiValueQueryStringParameters":{"scope":["repository:hello:pull"],"service":["%s"]},
                 "requestContext":{"resourcePath":"/token","httpMethod":"GET","path":"/v2/token","stage":"v2",
                  "requestId":"req-token","identity":{"sourceIp":"203.0.113.7"}},
                 "body":null,"isBase64Encoded":false}""".formatted(SERVICE, SERVICE, SERVICE, SERVICE));
    }

    private static byte[] authorizerEvent(String authorization) {
        return bytes("""
                {"type":"REQUEST",
                 "methodArn":"arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/hello/manifests/latest",
                 "resource":"/{proxy+}","path":"/v2/hello/manifests/latest","httpMethod":"GET",
                 "headers":{"Authorization":"%s","Host":"%s"},
                 "multiValueHeaders":{"Authorization":["%s"],"Host":["%s"]},
                 "requestContext":{"resourcePath":"/{proxy+}","httpMethod":"GET","stage":"v2","requestId":"req-auth"}}"""
                .formatted(authorization, SERVICE, authorization, SERVICE));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
