package dev.ecrpublic.policy;

import java.util.Objects;

/**
 * Who a token is for. The name becomes the token's {@code sub}; anonymous callers have an empty one. OIDC principals
 * also keep their issuer apart, since a subject may itself contain {@code @}.
 */
public record Principal(Kind kind, String name, String issuer) {
    public enum Kind { ANONYMOUS, CREDENTIAL, OIDC }

    public static final Principal ANONYMOUS = new Principal(Kind.ANONYMOUS, "", "");

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(issuer, "issuer");
        if ((kind == Kind.ANONYMOUS) != name.isEmpty())
            throw new IllegalArgumentException("only an anonymous principal has an empty name");
        if ((kind == Kind.OIDC) == issuer.isEmpty())
            throw new IllegalArgumentException("exactly the OIDC principals have an issuer");
    }

    public static Principal credential(String name) {
        return new Principal(Kind.CREDENTIAL, name, "");
    }

    public static Principal oidc(String subject, String issuer) {
        return new Principal(Kind.OIDC, subject + "@" + issuer, issuer);
    }

    /** The JWT {@code sub} of tokens issued to this principal. */
    public String subject() {
        return name;
    }
}
