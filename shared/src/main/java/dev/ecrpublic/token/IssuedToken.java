package dev.ecrpublic.token;

import java.time.Instant;

/** A signed access token and the times the token endpoint reports with it. */
public record IssuedToken(String token, Instant issuedAt, long expiresInSeconds) {
    @Override
    public String toString() {
        return "IssuedToken[token=***, issuedAt=" + issuedAt + ", expiresInSeconds=" + expiresInSeconds + "]";
    }
}
