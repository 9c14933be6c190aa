package dev.ecrpublic.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Optional;

/**
 * The signing-key format: one private JWK (JSON) per Secrets Manager version. The only place that maps a key type to
 * its algorithm (EC P-256 = ES256, RSA = RS256), so issuer, verifier and the rotation probe agree.
 */
public final class SigningKeyJwk {
    /** What a signing-key secret holds before its first rotation stores a key (the template creates it so). */
    public static final String UNSET = "{}";

    public static final int MIN_RSA_BITS = 2048;

    private SigningKeyJwk() {
    }

    /** A new EC P-256 key whose kid is its RFC 7638 thumbprint, so two deployments never pick the same kid. */
    public static ECKey generate(SecureRandom random) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true).secureRandom(random).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
    }

    /**
     * Parses a secret value. Messages never quote the value: it holds a private key. Requires the private part (the
     * secret exists to sign) and kid == thumbprint (a hand-edited kid could shadow another key).
     */
    public static JWK parse(String secretString) {
        if (secretString == null || secretString.isBlank())
            throw new IllegalArgumentException("signing key secret is empty");
        JWK jwk;
        try {
            jwk = JWK.parse(secretString);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("signing key secret is not a JWK");
        }
        if (algorithm(jwk).isEmpty())
            throw new IllegalArgumentException("signing key must be EC P-256 or RSA >= " + MIN_RSA_BITS + " bits");
        if (!jwk.isPrivate())
            throw new IllegalArgumentException("signing key secret has no private part");
        String thumbprint;
        try {
            thumbprint = jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("signing key thumbprint cannot be computed");
        }
        if (!thumbprint.equals(jwk.getKeyID()))
            throw new IllegalArgumentException("signing key kid must be its RFC 7638 SHA-256 thumbprint");
        return jwk;
    }

    /** ES256 for EC P-256, RS256 for RSA of at least 2048 bits, nothing for anything else. */
    public static Optional<JWSAlgorithm> algorithm(JWK key) {
        return switch (key) {
            case ECKey ec when Curve.P_256.equals(ec.getCurve()) -> Optional.of(JWSAlgorithm.ES256);
            case RSAKey rsa when rsa.size() >= MIN_RSA_BITS -> Optional.of(JWSAlgorithm.RS256);
            default -> Optional.empty();
        };
    }

    public static JWSSigner signer(JWK privateKey) throws JOSEException {
        return switch (privateKey) {
            case ECKey ec -> new ECDSASigner(ec);
            case RSAKey rsa -> new RSASSASigner(rsa);
            default -> throw new JOSEException("unsupported key type " + privateKey.getKeyType());
        };
    }

    public static JWSVerifier verifier(JWK key) throws JOSEException {
        return switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec.toPublicJWK());
            case RSAKey rsa -> new RSASSAVerifier(rsa.toPublicJWK());
            default -> throw new JOSEException("unsupported key type " + key.getKeyType());
        };
    }

    /** Signs and verifies a fixed payload: proves a key is usable before it becomes current (rotation testSecret). */
    public static void probe(JWK privateKey) {
        try {
            JWSAlgorithm alg = algorithm(privateKey).orElseThrow(() -> new JOSEException("unsupported key"));
            JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(privateKey.getKeyID()).build(),
                    new Payload("ecr-public signing key probe"));
            jws.sign(signer(privateKey));
            if (!JWSObject.parse(jws.serialize()).verify(verifier(privateKey.toPublicJWK())))
                throw new IllegalStateException("signing key probe did not verify");
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("signing key probe failed: " + e.getClass().getSimpleName());
        }
    }
}
