package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;

import java.util.List;
import java.util.Optional;

/**
 * Where signing keys come from (as nimbus keeps its JWKSource apart from key selection and crypto): the token package
 * never sees Secrets Manager.
 */
public interface KeySource {
    /** The private key that signs new tokens (AWSCURRENT). Throws {@link KeysUnavailableException}. */
    JWK signingKey();

    /** The public key with this kid among the current, previous and pending keys. */
    Optional<JWK> verificationKey(String kid);

    /** The public parts of every key a token may verify against, for the JWKS document. */
    List<JWK> publicKeys();

    /** Forgets cached keys, so the next use loads them again (after a SnapStart restore). */
    default void invalidate() {
    }
}
