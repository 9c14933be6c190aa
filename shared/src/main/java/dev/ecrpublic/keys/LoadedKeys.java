package dev.ecrpublic.keys;

import com.nimbusds.jose.jwk.JWK;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One consistent load of the secret: the signing key and the public keys by kid (current first). */
record LoadedKeys(JWK current, Map<String, JWK> publicByKid) {
    LoadedKeys {
        publicByKid = Collections.unmodifiableMap(new LinkedHashMap<>(publicByKid));
    }

    static LoadedKeys of(JWK current, List<JWK> others) {
        Map<String, JWK> byKid = new LinkedHashMap<>();
        byKid.put(current.getKeyID(), current.toPublicJWK());
        for (JWK k : others) byKid.putIfAbsent(k.getKeyID(), k.toPublicJWK());
        return new LoadedKeys(current, byKid);
    }

    Optional<JWK> publicKey(String kid) {
        return Optional.ofNullable(publicByKid.get(kid));
    }

    List<JWK> publicKeys() {
        return List.copyOf(publicByKid.values());
    }

    @Override
    public String toString() {
        return "LoadedKeys" + publicByKid.keySet(); // never the private key
    }
}
