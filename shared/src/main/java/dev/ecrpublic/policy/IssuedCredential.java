package dev.ecrpublic.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A credential as stored in the access document: only the SHA-256 of its secret is kept. The secret is 256 random bits,
 * so a plain hash is enough (no password stretching needed) and comparing digests in constant time hides how much of
 * a guess was right. {@code id} changes on every issue, so refresh tokens of a revoked-then-reissued name stop working.
 */
public record IssuedCredential(String name, String id, String sha256, List<RepositoryGlob> repositories,
                               Optional<Instant> expires, Instant created) {
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Set<String> KEYS = Set.of("name", "id", "sha256", "repositories", "expires", "created");

    public IssuedCredential {
        if (name == null || !NAME.matcher(name).matches())
            throw new PolicyException("name: must match " + NAME.pattern());
        if (id == null || !ID.matcher(id).matches()) throw new PolicyException("id: must be 16 lowercase hex digits");
        if (sha256 == null || !SHA256.matcher(sha256).matches())
            throw new PolicyException("sha256: must be 64 lowercase hex digits");
        repositories = List.copyOf(repositories);
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(created, "created");
    }

    public boolean expiredAt(Instant now) {
        return expires.isPresent() && !now.isBefore(expires.get());
    }

    /** Constant time: both sides are 32-byte digests, compared with {@link MessageDigest#isEqual}. */
    public boolean secretMatches(String secret) {
        if (secret == null) return false;
        return MessageDigest.isEqual(digest(secret), HexFormat.of().parseHex(sha256));
    }

    /** Lowercase hex SHA-256 of the UTF-8 secret: the stored form. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static IssuedCredential from(Object value, String where) {
        StrictObject o = StrictObject.of(value, where, KEYS);
        try {
            return new IssuedCredential(o.string("name"), o.string("id"), o.string("sha256"), o.globs("repositories"),
                    o.optionalString("expires").map(s -> instant(o.path("expires"), s)),
                    instant(o.path("created"), o.string("created")));
        } catch (PolicyException e) {
            throw e.getMessage().startsWith(where) ? e : new PolicyException(where + "." + e.getMessage());
        }
    }

    private static Instant instant(String where, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PolicyException(where + ": must be an ISO-8601 instant such as 2027-01-01T00:00:00Z");
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("id", id);
        map.put("sha256", sha256);
        map.put("repositories", repositories.stream().map(RepositoryGlob::pattern).toList());
        expires.ifPresent(e -> map.put("expires", e.toString()));
        map.put("created", created.toString());
        return map;
    }

    @Override
    public String toString() {
        return "IssuedCredential[name=" + name + ", id=" + id + ", sha256=***, repositories=" + repositories
                + ", expires=" + expires.map(Instant::toString).orElse("never") + ", created=" + created + "]";
    }
}
