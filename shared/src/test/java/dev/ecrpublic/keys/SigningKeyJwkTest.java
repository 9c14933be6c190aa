package dev.ecrpublic.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SigningKeyJwkTest {
    static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void generatedKeyIsPrivateP256WithThumbprintKid() throws Exception {
        ECKey key = SigningKeyJwk.generate(RANDOM);
        assertEquals(Curve.P_256, key.getCurve());
        assertTrue(key.isPrivate());
        assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
        assertEquals(JWSAlgorithm.ES256, key.getAlgorithm());
        assertEquals(key.computeThumbprint().toString(), key.getKeyID());
        JWK parsed = SigningKeyJwk.parse(key.toJSONString());
        assertEquals(key, parsed);
        SigningKeyJwk.probe(parsed);
    }

    @Test
    void rsaKeysOfAtLeast2048BitsAreAccepted() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        assertEquals(rsa, SigningKeyJwk.parse(rsa.toJSONString()));
        assertEquals(JWSAlgorithm.RS256, SigningKeyJwk.algorithm(rsa).orElseThrow());
        SigningKeyJwk.probe(rsa);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSecrets")
    void refusesWhatCannotSign(String name, String secret, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningKeyJwk.parse(secret));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        if (secret != null && secret.contains("\"d\""))
            assertFalse(e.getMessage().contains(privatePart(secret)), "message quotes the private key");
    }

    static Stream<Arguments> badSecrets() throws Exception {
        ECKey ec = SigningKeyJwk.generate(RANDOM);
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyIDFromThumbprint(true).generate();
        RSAKey rsa1024 = new RSAKeyGenerator(1024, true).keyIDFromThumbprint(true).generate();
        OctetSequenceKey hmac = new OctetSequenceKeyGenerator(256).keyIDFromThumbprint(true).generate();
        ECKey otherKid = new ECKey.Builder(ec).keyID("my-key").build();
        return Stream.of(
                arguments("null", null, "empty"),
                arguments("blank", "  ", "empty"),
                arguments("not JSON", "ecrp_notajwk", "not a JWK"),
                arguments("JSON but no kty", "{\"kid\":\"x\"}", "not a JWK"),
                arguments("public part only", ec.toPublicJWK().toJSONString(), "no private part"),
                arguments("kid is not the thumbprint", otherKid.toJSONString(), "thumbprint"),
                arguments("P-384", p384.toJSONString(), "EC P-256 or RSA"),
                arguments("RSA 1024", rsa1024.toJSONString(), "EC P-256 or RSA"),
                arguments("HMAC secret", hmac.toJSONString(), "EC P-256 or RSA"));
    }

    private static String privatePart(String secret) {
        try {
            return (String) JSONObjectUtils.parse(secret).get("d");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void jwksDocumentHoldsPublicKeysOnly() throws Exception {
        ECKey ec = SigningKeyJwk.generate(RANDOM);
        RSAKey rsa = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        String doc = Jwks.document(List.of(ec, rsa));
        Map<String, Object> json = JSONObjectUtils.parse(doc);
        List<Object> keys = JSONObjectUtils.getJSONArray(json, "keys");
        assertEquals(2, keys.size());
        for (Object k : keys) {
            Map<?, ?> m = (Map<?, ?>) k;
            for (String priv : List.of("d", "p", "q", "dp", "dq", "qi")) assertFalse(m.containsKey(priv), priv + " in " + m);
        }
        assertEquals(ec.getKeyID(), ((Map<?, ?>) keys.get(0)).get("kid"));
        assertEquals(doc, Jwks.document(StaticKeys.of(ec, rsa).publicKeys()));
    }
}
