package dev.ecrpublic.local.ecr;

/**
 * An {@link EmulatedRegistries} document that cannot be used, or cannot be applied to the emulator; the message names
 * the field ({@code registries[0].region: ...}) and is meant for the operator.
 */
public final class EmulatedRegistriesException extends RuntimeException {
    public EmulatedRegistriesException(String message) {
        super(message, null, false, false);
    }
}
