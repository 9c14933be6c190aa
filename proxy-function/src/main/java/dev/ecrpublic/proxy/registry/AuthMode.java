package dev.ecrpublic.proxy.registry;

import java.util.Locale;

/**
 * Whether an authorizer stands in front of the proxy. {@code TOKEN} is the default so that a deployment that lost
 * its authorizer context refuses instead of serving everything.
 */
public enum AuthMode {
    /** A purely public registry: no authorizer, every repository pullable. */
    NONE,
    /** The REQUEST authorizer validated a token and passed its access in the request context. */
    TOKEN;

    /** From {@code AUTH_MODE} ({@code none} or {@code token}); unset means token. */
    public static AuthMode parse(String value) {
        if (value == null || value.isBlank()) return TOKEN;
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "token" -> TOKEN;
            default -> throw new IllegalArgumentException("AUTH_MODE must be none or token, not " + value);
        };
    }
}
