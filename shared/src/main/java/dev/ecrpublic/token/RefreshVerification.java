package dev.ecrpublic.token;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of checking a refresh token. The reason is for the log only; clients see one generic error. */
public sealed interface RefreshVerification {
    record Valid(String subject, Map<String, Object> grant, Instant expires) implements RefreshVerification {
        public Valid {
            grant = Collections.unmodifiableMap(new LinkedHashMap<>(grant)); // keeps order; Map.copyOf would not
        }
    }

    record Invalid(String reasonForLog) implements RefreshVerification {
    }
}
