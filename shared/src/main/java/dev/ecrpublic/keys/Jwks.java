package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.util.List;

/** The JWKS document ({@code {"keys":[...]}}) that lets others verify our tokens. Public parts only, always. */
public final class Jwks {
    private Jwks() {
    }

    public static String document(List<JWK> keys) {
        // toPublicJWK twice over (here and in toString(true)): a private key must never reach this document.
        List<JWK> publicOnly = keys.stream().map(JWK::toPublicJWK).toList();
        return new JWKSet(publicOnly).toString(true);
    }
}
