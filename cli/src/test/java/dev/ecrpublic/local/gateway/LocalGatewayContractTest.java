package dev.ecrpublic.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API Gateway behaviours docs/api-gateway-contract.md cites, held against the local gateway over loopback with a
 * function that records the event it gets and answers what the test sets: what a Lambda proxy integration does to
 * the event and to the function's answer, whatever the real handlers happen to return.
 */
class LocalGatewayContractTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicReference<JsonNode> event = new AtomicReference<>();
    static final AtomicReference<byte[]> answer = new AtomicReference<>();
    static LocalGateway gateway;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        LocalGateway.Functions functions = new LocalGateway.Functions((in, out, context) -> {
            event.set(JSON.readTree(in));
            out.write(answer.get());
        }, (in, out, context) -> { throw new AssertionError("no gallery request here"); }, Optional.empty());
        gateway = new LocalGateway(new InetSocketAddress("127.0.0.1", 0), functions, Optional.empty());
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static void functionAnswers(int status, String headersJson, String body) throws Exception {
        ObjectNode a = JSON.createObjectNode();
        a.put("statusCode", status);
        a.set("headers", JSON.readTree(headersJson));
        a.put("body", body);
        answer.set(JSON.writeValueAsBytes(a));
    }

    static HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aFunctionsWwwAuthenticateIsRenamedOtherHeadersPassThrough() throws Exception {
        functionAnswers(401, "{\"WWW-Authenticate\": \"Bearer realm=\\\"x\\\"\", \"Docker-Content-Digest\": \"sha256:ab\"}",
                "{}");
        HttpResponse<byte[]> r = send("GET", "/v2/");
        assertEquals(401, r.statusCode());
        assertEquals(Optional.empty(), r.headers().firstValue("WWW-Authenticate"));
        assertEquals("Bearer realm=\"x\"", r.headers().firstValue("x-amzn-Remapped-WWW-Authenticate").orElse(null));
        assertEquals("sha256:ab", r.headers().firstValue("Docker-Content-Digest").orElse(null));
    }

    @Test
    void headKeepsTheContentLengthTheFunctionSet() throws Exception {
        functionAnswers(200, "{\"Content-Length\": \"1234\", \"Docker-Content-Digest\": \"sha256:ab\"}", "");
        HttpResponse<byte[]> r = send("HEAD", "/v2/team/app/manifests/latest");
        assertEquals(200, r.statusCode());
        assertEquals("1234", r.headers().firstValue("Content-Length").orElse(null));
        assertEquals(0, r.body().length);
    }

    @Test
    void repeatedHeadersAndQueryValuesArriveAllInTheMultiValueMapsAndLastInTheSingleValueOnes() throws Exception {
        functionAnswers(200, "{}", "{}");
        send("GET", "/v2/team/app/tags/list?n=1&n=2&last=a%2Fb", "X-Probe", "first", "X-Probe", "second");
        JsonNode e = event.get();
        assertEquals(List.of("first", "second"), List.of(e.path("multiValueHeaders").path("X-Probe").get(0).asText(),
                e.path("multiValueHeaders").path("X-Probe").get(1).asText()));
        assertEquals("second", e.path("headers").path("X-Probe").asText());
        assertEquals("2", e.path("queryStringParameters").path("n").asText());
        assertEquals(2, e.path("multiValueQueryStringParameters").path("n").size());
        assertEquals("a/b", e.path("queryStringParameters").path("last").asText(), "query values arrive decoded");
    }

    @Test
    void thePathAndTheProxyParameterArriveStageRelativeAndAsSent() throws Exception {
        functionAnswers(200, "{}", "{}");
        send("GET", "/v2/team/app/blobs/sha256%3Aab");
        JsonNode e = event.get();
        assertEquals("/{proxy+}", e.path("resource").asText());
        assertEquals("/team/app/blobs/sha256%3Aab", e.path("path").asText());
        assertEquals("team/app/blobs/sha256%3Aab", e.path("pathParameters").path("proxy").asText());
        assertEquals("/v2/team/app/blobs/sha256%3Aab", e.path("requestContext").path("path").asText());
    }

    @Test
    void anAnswerOverLambdasSixMegabytesIsAFailedIntegration() throws Exception {
        String big = "x".repeat(LocalGateway.MAX_FUNCTION_RESPONSE_BYTES);
        functionAnswers(200, "{}", big);
        HttpResponse<byte[]> r = send("GET", "/v2/team/app/manifests/latest");
        assertEquals(502, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("Internal server error"));
        functionAnswers(200, "{}", "x".repeat(LocalGateway.MAX_FUNCTION_RESPONSE_BYTES - 1024));
        assertEquals(200, send("GET", "/v2/team/app/manifests/latest").statusCode(), "just under the quota passes");
    }
}
