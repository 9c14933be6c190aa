package dev.ecrpublic.gateway;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyIntegrationJsonTest {
    static final String EVENT = """
            {"resource":"/{proxy+}","path":"/hello/manifests/latest","httpMethod":"GET",
             "headers":{"Accept":"application/vnd.oci.image.index.v1+json","Host":"r.example"},
             "multiValueHeaders":{"Accept":["application/vnd.oci.image.manifest.v1+json","application/vnd.oci.image.index.v1+json"],
                                  "Host":["r.example"]},
             "queryStringParameters":{"n":"2"},"multiValueQueryStringParameters":{"n":["1","2"]},
             "pathParameters":{"proxy":"hello/manifests/latest"},"stageVariables":null,
             "requestContext":{"requestId":"abc-123","stage":"v2","identity":{"sourceIp":"1.2.3.4"},
                               "authorizer":{"principalId":"alice","integrationLatency":12,"nested":{"x":1}}},
             "body":null,"isBase64Encoded":false}
            """;

    @Test
    void readsRepeatedHeadersFromTheMultiValueMap() {
        GatewayRequest r = ProxyIntegrationJson.readRequest(EVENT);
        assertEquals("GET", r.method());
        assertEquals("/hello/manifests/latest", r.path());
        assertEquals(List.of("application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json"), r.headers().all("accept"));
        assertEquals(List.of("1", "2"), r.query().get("n"));
        assertEquals("abc-123", r.requestId());
        assertEquals("alice", r.authorizerContext().get("principalId"));
        assertEquals("12", r.authorizerContext().get("integrationLatency"));
        assertFalse(r.authorizerContext().containsKey("nested"));
    }

    @Test
    void fallsBackToSingleValueMapsAndToleratesNulls() {
        GatewayRequest r = ProxyIntegrationJson.readRequest("""
                {"path":"/","httpMethod":"HEAD","headers":{"Accept":"*/*"},"multiValueHeaders":null,
                 "queryStringParameters":null,"requestContext":null,"body":null}""");
        assertEquals("HEAD", r.method());
        assertEquals(List.of("*/*"), r.headers().all("ACCEPT"));
        assertTrue(r.query().isEmpty());
        assertEquals("", r.requestId());
    }

    @Test
    void writesMultiValueHeadersAndTheBody() {
        GatewayResponse response = new GatewayResponse(200, Headers.of("Link", "<a>", "Link", "<b>", "Content-Type", "application/json"), "{\"k\":\"v\"}");
        assertEquals("{\"statusCode\":200,\"multiValueHeaders\":{\"Content-Type\":[\"application/json\"],\"Link\":[\"<a>\",\"<b>\"]},"
                + "\"body\":\"{\\\"k\\\":\\\"v\\\"}\",\"isBase64Encoded\":false}", ProxyIntegrationJson.writeResponse(response));
    }

    @Test
    void pathIsBelowTheStageThroughACustomDomainToo() {
        String viaDomain = """
                {"resource":"/{proxy+}","path":"/v2/v2/manifests/latest","httpMethod":"GET",
                 "pathParameters":{"proxy":"v2/manifests/latest"}}""";
        assertEquals("/v2/manifests/latest", ProxyIntegrationJson.readRequest(viaDomain).path());
        String rootViaDomain = """
                {"resource":"/","path":"/v2/","httpMethod":"GET","pathParameters":null}""";
        assertEquals("/", ProxyIntegrationJson.readRequest(rootViaDomain).path());
        String galleryViaDomain = """
                {"resource":"/_gallery","path":"/v2/_gallery","httpMethod":"GET","pathParameters":null}""";
        assertEquals("/_gallery", ProxyIntegrationJson.readRequest(galleryViaDomain).path());
        String repositoryViaDomain = """
                {"resource":"/_gallery/{proxy+}","path":"/v2/_gallery/team/app","httpMethod":"GET",
                 "pathParameters":{"proxy":"team/app"}}""";
        assertEquals("/_gallery/team/app", ProxyIntegrationJson.readRequest(repositoryViaDomain).path());
    }
}
