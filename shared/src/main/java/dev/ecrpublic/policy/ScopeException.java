package dev.ecrpublic.policy;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

/** A token request whose {@code scope} cannot be parsed: a 400 the client sees, with the bad item named. */
public final class ScopeException extends RegistryException {
    public ScopeException(String message) {
        super(OciError.SCOPE_INVALID, message);
    }
}
