package dev.ecrpublic.cli;

import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.policy.IssuedCredential;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.PolicyException;
import dev.ecrpublic.policy.RepositoryGlob;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code credentials issue|list|revoke}: the credentials {@code docker login} takes. Only a hash of each secret is
 * stored; the secret itself is printed once, alone on the last line of stdout, so scripts can capture it.
 */
final class CredentialsCommand {
    private static final Set<String> OPTIONS = Set.of("repositories", "expires", "state", "secret-id");

    private CredentialsCommand() {}

    static void run(String[] args, PrintStream out, Clock clock) throws Exception {
        if (args.length == 0) throw new UsageException("credentials needs issue, list or revoke");
        String action = args[0];
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length), OPTIONS);
        switch (action) {
            case "issue" -> {
                String name = o.positional("NAME").getFirst();
                String patterns = o.get("repositories")
                        .orElseThrow(() -> new UsageException("credentials issue needs --repositories PATTERN[,PATTERN...]"));
                List<RepositoryGlob> repositories = globs(patterns);
                Optional<Instant> expires = o.expiry("expires", clock.instant());
                IssuedSecret issued;
                try {
                    issued = IssuedSecret.generate(name, repositories, expires, clock, new SecureRandom());
                } catch (PolicyException e) {
                    throw new UsageException(e.getMessage());
                }
                try (SecretsTarget target = SecretsTarget.of(o)) {
                    boolean replaced = PolicyCommand.access(target).read().credential(name).isPresent();
                    PolicyCommand.access(target).update(d -> d.withCredential(issued.credential()));
                    out.println((replaced ? "re-issued " : "issued ") + name + " for " + patterns
                            + expires.map(e -> ", expires " + e).orElse(", no expiry")
                            + (replaced ? " (the old secret and its logins no longer work)" : ""));
                    out.println("log in with: docker login HOST -u " + name + " --password-stdin");
                    out.println(issued.secret());
                }
            }
            case "list" -> {
                o.positional();
                try (SecretsTarget target = SecretsTarget.of(o)) {
                    List<IssuedCredential> credentials = PolicyCommand.access(target).read().credentials();
                    out.printf("%-24s %-40s %-22s %s%n", "NAME", "REPOSITORIES", "EXPIRES", "CREATED");
                    for (IssuedCredential c : credentials) {
                        String expires = c.expires().map(Instant::toString).orElse("never");
                        if (c.expiredAt(clock.instant())) expires += " (expired)";
                        out.printf("%-24s %-40s %-22s %s%n", c.name(),
                                String.join(",", c.repositories().stream().map(RepositoryGlob::pattern).toList()),
                                expires, c.created());
                    }
                }
            }
            case "revoke" -> {
                String name = o.positional("NAME").getFirst();
                try (SecretsTarget target = SecretsTarget.of(o)) {
                    if (PolicyCommand.access(target).read().credential(name).isEmpty())
                        throw new UsageException("no credential named " + name);
                    PolicyCommand.access(target).update(d -> d.withoutCredential(name));
                    out.println("revoked " + name + ": logins and refresh tokens are refused within "
                            + SecretsManagerAccess.DEFAULT_TTL.toSeconds() + " s; tokens already issued work until "
                            + "they expire (tokenTtlSeconds), plus the gateway's authorizer cache (AuthorizerCacheSeconds)");
                }
            }
            default -> throw new UsageException("credentials needs issue, list or revoke, not " + action);
        }
    }

    private static List<RepositoryGlob> globs(String patterns) throws UsageException {
        List<RepositoryGlob> globs = new ArrayList<>();
        try {
            for (String p : patterns.split(",")) if (!p.isBlank()) globs.add(RepositoryGlob.parse(p.trim()));
        } catch (PolicyException e) {
            throw new UsageException("--repositories: " + e.getMessage());
        }
        if (globs.isEmpty()) throw new UsageException("--repositories needs at least one pattern");
        return globs;
    }
}
