package dev.ecrpublic.policy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A freshly issued credential together with its secret, which exists only here: it is shown to the operator once and
 * only its hash is stored. The {@code ecrp_} prefix lets secret scanners recognise a leaked one.
 */
public record IssuedSecret(IssuedCredential credential, String secret) {
    public static final String PREFIX = "ecrp_";
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 8;

    public static IssuedSecret generate(String name, List<RepositoryGlob> repositories, Optional<Instant> expires,
                                        Clock clock, SecureRandom random) {
        byte[] secretBytes = new byte[SECRET_BYTES];
        random.nextBytes(secretBytes);
        byte[] idBytes = new byte[ID_BYTES];
        random.nextBytes(idBytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        IssuedCredential credential = new IssuedCredential(name, HexFormat.of().formatHex(idBytes),
                IssuedCredential.sha256Hex(secret), repositories, expires,
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        return new IssuedSecret(credential, secret);
    }

    @Override
    public String toString() {
        return "IssuedSecret[credential=" + credential + ", secret=***]";
    }
}
