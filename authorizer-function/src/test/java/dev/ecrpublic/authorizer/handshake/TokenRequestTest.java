package dev.ecrpublic.authorizer.handshake;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TokenRequestTest {
    static final String FORM = "application/x-www-form-urlencoded";

    static GatewayRequest get(Map<String, List<String>> query, String... headers) {
        return new GatewayRequest("GET", "/token", Headers.of(headers), query, "r", Map.of(), null, false);
    }

    static GatewayRequest post(String body, String... headers) {
        return new GatewayRequest("POST", "/token", Headers.of(headers), Map.of(), "r", Map.of(), body, false);
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dockerLoginGet() {
        TokenRequest r = TokenRequest.parse(get(Map.of("service", List.of("reg.example"), "account", List.of("bob"),
                "client_id", List.of("docker"), "offline_token", List.of("true")), "Authorization", basic("bob:s3:cr:et")));
        assertEquals("reg.example", r.service());
        assertTrue(r.offline());
        assertEquals("docker", r.clientId());
        TokenRequest.Grant.Password p = assertInstanceOf(TokenRequest.Grant.Password.class, r.grant());
        assertEquals("bob", p.username());
        assertEquals("s3:cr:et", p.password(), "the password is everything after the first colon");
        assertFalse(p.toString().contains("s3"), "passwords never print");
    }

    @Test
    void anonymousGetWithSeveralScopeParameters() {
        TokenRequest r = TokenRequest.parse(get(Map.of("scope",
                List.of("repository:a:pull", "repository:b:pull repository:c:pull,push"))));
        assertInstanceOf(TokenRequest.Grant.Anonymous.class, r.grant());
        assertEquals(3, r.scopes().size());
        assertEquals("", r.service());
        assertFalse(r.offline());
    }

    @Test
    void containerdPasswordPost() {
        TokenRequest r = TokenRequest.parse(post("grant_type=password&username=ci&password=p%26ss&service=reg"
                + "&scope=repository%3Aa%3Apull+repository%3Ab%3Apull&client_id=containerd", "Content-Type", FORM));
        TokenRequest.Grant.Password p = assertInstanceOf(TokenRequest.Grant.Password.class, r.grant());
        assertEquals("p&ss", p.password());
        assertEquals(2, r.scopes().size());
    }

    @Test
    void refreshPostWithOfflineAccess() {
        TokenRequest r = TokenRequest.parse(post("grant_type=refresh_token&refresh_token=abc.def.ghi&service=reg"
                + "&access_type=offline", "Content-Type", FORM + "; charset=utf-8"));
        assertEquals("abc.def.ghi", assertInstanceOf(TokenRequest.Grant.Refresh.class, r.grant()).refreshToken());
        assertTrue(r.offline());
    }

    @Test
    void base64BodyAsApiGatewayMaySendIt() {
        String body = Base64.getEncoder().encodeToString("grant_type=password&username=u&password=p".getBytes(StandardCharsets.UTF_8));
        TokenRequest r = TokenRequest.parse(new GatewayRequest("POST", "/token", Headers.of("Content-Type", FORM),
                Map.of(), "r", Map.of(), body, true));
        assertEquals("u", assertInstanceOf(TokenRequest.Grant.Password.class, r.grant()).username());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("bearer on the token endpoint", get(Map.of(), "Authorization", "Bearer x"), OciError.UNAUTHORIZED),
                arguments("basic not base64", get(Map.of(), "Authorization", "Basic !!!"), OciError.UNAUTHORIZED),
                arguments("basic without colon", get(Map.of(), "Authorization", basic("bob")), OciError.UNAUTHORIZED),
                arguments("basic with empty user", get(Map.of(), "Authorization", basic(":pw")), OciError.UNAUTHORIZED),
                arguments("oversized authorization header", get(Map.of(), "Authorization", basic("u:" + "p".repeat(7000))), OciError.UNAUTHORIZED),
                arguments("bad scope", get(Map.of("scope", List.of("repository"))), OciError.SCOPE_INVALID),
                arguments("post without grant type", post("username=u", "Content-Type", FORM), OciError.REQUEST_INVALID),
                arguments("unknown grant type", post("grant_type=client_credentials", "Content-Type", FORM), OciError.REQUEST_INVALID),
                arguments("password grant without username", post("grant_type=password&password=p", "Content-Type", FORM), OciError.REQUEST_INVALID),
                arguments("refresh grant without token", post("grant_type=refresh_token", "Content-Type", FORM), OciError.REQUEST_INVALID),
                arguments("json body", post("{\"grant_type\":\"password\"}", "Content-Type", "application/json"), OciError.REQUEST_INVALID),
                arguments("malformed percent", post("grant_type=%zz", "Content-Type", FORM), OciError.REQUEST_INVALID),
                arguments("huge form", post("grant_type=password&username=" + "u".repeat(20_000), "Content-Type", FORM), OciError.REQUEST_INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithATypedError(String name, GatewayRequest request, OciError expected) {
        RegistryException e = assertThrows(RegistryException.class, () -> TokenRequest.parse(request));
        assertEquals(expected, e.error());
    }
}
