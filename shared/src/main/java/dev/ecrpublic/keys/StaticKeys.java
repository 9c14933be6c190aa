package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixed keys, for tests and local fixtures: the first signs, all of them verify. */
public final class StaticKeys implements KeySource {
    private final JWK signing;
    private final Map<String, JWK> publicByKid = new LinkedHashMap<>();

    public StaticKeys(JWK signing, List<JWK> alsoVerifying) {
        if (signing == null || !signing.isPrivate() || SigningKeyJwk.algorithm(signing).isEmpty())
            throw new IllegalArgumentException("signing key must be a private EC P-256 or RSA key");
        this.signing = signing;
        List<JWK> all = new ArrayList<>();
        all.add(signing);
        all.addAll(alsoVerifying);
        for (JWK k : all) {
            if (k.getKeyID() == null) throw new IllegalArgumentException("every key needs a kid");
            publicByKid.putIfAbsent(k.getKeyID(), k.toPublicJWK());
        }
    }

    public static StaticKeys of(JWK signing, JWK... alsoVerifying) {
        return new StaticKeys(signing, List.of(alsoVerifying));
    }

    @Override
    public JWK signingKey() {
        return signing;
    }

    @Override
    public Optional<JWK> verificationKey(String kid) {
        return Optional.ofNullable(kid == null ? null : publicByKid.get(kid));
    }

    @Override
    public List<JWK> publicKeys() {
        return List.copyOf(publicByKid.values());
    }

    @Override
    public String toString() {
        return "StaticKeys" + publicByKid.keySet();
    }
}
