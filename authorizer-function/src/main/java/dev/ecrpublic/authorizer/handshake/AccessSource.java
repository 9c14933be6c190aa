package dev.ecrpublic.authorizer.handshake;

import dev.ecrpublic.policy.AccessDocument;

import java.util.List;
import java.util.Optional;

/**
 * Where the access policy and the issued credentials come from. {@link #current()} either answers or throws a
 * {@link dev.ecrpublic.registry.RegistryException} UNAVAILABLE: callers fail closed, never fall back to anonymous.
 */
public interface AccessSource {
    AccessDocument current();

    /** Forgets a cached document, so the next use loads it again (after a SnapStart restore). */
    default void invalidate() {
    }

    /** No access document configured at all: anonymous callers may pull everything. */
    static AccessSource unconfigured() {
        AccessDocument none = new AccessDocument(Optional.empty(), List.of());
        return () -> none;
    }
}
