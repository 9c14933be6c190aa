package dev.ecrpublic.authorizer.authn;

import dev.ecrpublic.policy.AccessDocument;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every verifier may use. {@code access} returns the current (cached) access document and throws a
 * {@code RegistryException} UNAVAILABLE when it cannot be loaded, so a verifier fails closed instead of guessing;
 * {@code log} takes one JSON line.
 */
public record AuthnSettings(Supplier<AccessDocument> access, Clock clock, Consumer<String> log) {
    public AuthnSettings {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
    }
}
