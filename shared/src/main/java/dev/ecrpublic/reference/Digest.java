package dev.ecrpublic.reference;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A content digest. ECR addresses content by sha256 only, so that is the one algorithm accepted. */
public record Digest(String value) {
    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        if (value == null || !Grammar.DIGEST_PATTERN.matcher(value).matches())
            throw new RegistryException(OciError.DIGEST_INVALID, "invalid digest");
        if (!Grammar.SHA256_PATTERN.matcher(value).matches())
            throw new RegistryException(OciError.DIGEST_INVALID, "unsupported digest algorithm or encoding; sha256 is supported");
    }

    public static Digest sha256Of(byte[] content) {
        try {
            return new Digest("sha256:" + HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** True when these exact bytes hash to this digest. */
    public boolean matches(byte[] content) {
        return sha256Of(content).equals(this);
    }

    @Override
    public String toString() {
        return value;
    }
}
