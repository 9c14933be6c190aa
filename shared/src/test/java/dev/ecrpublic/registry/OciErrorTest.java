package dev.ecrpublic.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.gateway.GatewayResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciErrorTest {
    /** The codes the distribution spec and the distribution project define; clients key their messages on them. */
    static final Set<String> KNOWN_CODES = Set.of("BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN",
            "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID",
            "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS", "TAG_INVALID",
            "PAGINATION_NUMBER_INVALID", "UNAVAILABLE", "UNKNOWN", "NOT_FOUND");

    @ParameterizedTest
    @EnumSource(OciError.class)
    void everyErrorHasAKnownCodeAnErrorStatusAndAMessage(OciError error) {
        assertTrue(KNOWN_CODES.contains(error.code), error.code);
        assertTrue(error.status >= 400 && error.status < 600, error + " " + error.status);
        assertFalse(error.message.isBlank());
    }

    @Test
    void aWireCodeMeansOneKindOfFailure() {
        Map<String, Integer> clientOrServer = new HashMap<>();
        for (OciError e : OciError.values()) {
            Integer previous = clientOrServer.put(e.code, e.status / 100);
            if (previous != null) assertEquals(previous, e.status / 100, e.code + " is both a 4xx and a 5xx");
        }
    }

    @Test
    void bodyIsTheOciErrorShape() throws IOException {
        GatewayResponse r = OciErrorResponse.from(new RegistryException(OciError.NAME_UNKNOWN, null, Map.of("name", "x")), "id");
        assertEquals(404, r.status());
        assertEquals("application/json", r.headers().first("Content-Type").orElseThrow());
        assertEquals("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\",\"detail\":{\"name\":\"x\"}}]}", r.body());
        assertEquals(Integer.toString(r.body().length()), r.headers().first("Content-Length").orElseThrow());
        try (JsonParser p = new JsonFactory().createParser(r.body())) {
            while (p.nextToken() != null) assertTrue(p.currentToken() != JsonToken.NOT_AVAILABLE);
        }
    }

    @Test
    void internalFailuresShowOnlyTheRequestId() {
        GatewayResponse r = OciErrorResponse.from(new IllegalStateException("secret arn:aws:ecr:eu-west-1:123456789012"), "req-1");
        assertEquals(500, r.status());
        assertFalse(r.body().contains("123456789012"));
        assertFalse(r.body().contains("IllegalState"));
        assertTrue(r.body().contains("\"requestId\":\"req-1\""));
    }

    @Test
    void throttlingTellsWhenToRetry() {
        GatewayResponse r = OciErrorResponse.from(new RegistryException(OciError.TOOMANYREQUESTS), "id");
        assertEquals(429, r.status());
        assertTrue(r.headers().first("Retry-After").isPresent());
    }
}
