package dev.ecrpublic.token;

import dev.ecrpublic.policy.GrantedAccess;

import java.time.Instant;

/** The outcome of checking an access token. The reason is for the log only; clients see one generic error. */
public sealed interface Verification {
    record Valid(String subject, GrantedAccess access, Instant expires) implements Verification {
    }

    record Invalid(String reasonForLog) implements Verification {
    }
}
