package dev.ecrpublic.proxy.ecr;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The JSON path's endpoints are the ones the SDK's ECR client picks, by the SDK's own code. */
class EcrEndpointTest {
    @Test
    void aPinnedEndpointIsUsedAsItIs() {
        URI pinned = URI.create("http://127.0.0.1:4566");
        assertEquals(pinned, EcrEndpoint.resolve("eu-west-1", Optional.of(pinned)));
    }

    @Test
    void eachRegionHasItsPartitionsEndpoint() {
        assumeTrue(System.getenv("AWS_ENDPOINT_URL_ECR") == null && System.getenv("AWS_ENDPOINT_URL") == null,
                "an endpoint is configured in this environment");
        assertEquals(URI.create("https://api.ecr.eu-west-1.amazonaws.com"), EcrEndpoint.resolve("eu-west-1", Optional.empty()));
        assertEquals(URI.create("https://api.ecr.cn-north-1.amazonaws.com.cn"), EcrEndpoint.resolve("cn-north-1", Optional.empty()));
    }

    @Test
    void theConfiguredEndpointOfEcrIsHonoured() {
        String property = "aws.endpointUrlEcr";
        String before = System.getProperty(property);
        System.setProperty(property, "http://localhost:4566");
        try {
            assertEquals(URI.create("http://localhost:4566"), EcrEndpoint.resolve("us-east-1", Optional.empty()));
        } finally {
            if (before == null) System.clearProperty(property);
            else System.setProperty(property, before);
        }
    }
}
