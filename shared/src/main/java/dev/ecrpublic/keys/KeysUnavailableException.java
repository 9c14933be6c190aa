package dev.ecrpublic.keys;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

/** No usable signing keys: callers fail closed with 503 rather than accept or mint tokens without them. */
public final class KeysUnavailableException extends RegistryException {
    public KeysUnavailableException(String message) {
        super(OciError.UNAVAILABLE, message);
    }
}
