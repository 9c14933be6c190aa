package dev.ecrpublic.policy;

/** A policy or access document that cannot be used; the message names the field and is safe to show an operator. */
public final class PolicyException extends RuntimeException {
    public PolicyException(String message) {
        super(message, null, false, false);
    }
}
