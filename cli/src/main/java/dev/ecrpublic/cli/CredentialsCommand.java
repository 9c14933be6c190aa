package dev.ecrpublic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ecrpublic.authorizer.handshake.SecretsManagerAccess;
import dev.ecrpublic.policy.IssuedCredential;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.PolicyException;
import dev.ecrpublic.policy.RepositoryGlob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code credentials issue|list|revoke}: the credentials {@code docker login} takes. Only a hash of each secret is
 * stored; the secret itself is printed once, alone on the last line of stdout, so scripts can capture it.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Issue, list or revoke the credentials docker login takes.")
final class CredentialsCommand implements Runnable {
    private final Clock clock;

    @Spec
    CommandSpec spec;

    CredentialsCommand() {
        this(Clock.systemUTC());
    }

    CredentialsCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "credentials needs issue, list or revoke");
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Issue a credential (again, if NAME has one: the old secret stops working).",
                    "The secret is printed once, alone on the last line."})
    void issue(@Parameters(paramLabel = "NAME", description = "The user name for docker login.") String name,
               @Option(names = "--repositories", required = true, split = ",", paramLabel = "PATTERN",
                       description = "Repositories it may pull: globs, comma-separated (* within a path segment, ** across).")
               List<String> patterns,
               @Option(names = "--expires", paramLabel = "90d|12h|30m|2027-01-31", converter = Expiry.Converter.class,
                       description = "When it stops working: a time from now, or a date (midnight UTC). Default: never.")
               Expiry expiry,
               @Mixin SecretsLocation location) throws Exception {
        List<RepositoryGlob> repositories = globs(patterns);
        Instant now = clock.instant();
        Optional<Instant> expires = Optional.ofNullable(expiry).map(e -> e.from(now));
        if (expires.isPresent() && !expires.get().isAfter(now))
            throw new ParameterException(spec.commandLine().getSubcommands().get("issue"), "--expires must be in the future");
        IssuedSecret issued;
        try {
            issued = IssuedSecret.generate(name, repositories, expires, clock, new SecureRandom());
        } catch (PolicyException e) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("issue"), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (SecretsTarget target = SecretsTarget.of(location)) {
            boolean replaced = PolicyCommand.access(target).read().credential(name).isPresent();
            PolicyCommand.access(target).update(d -> d.withCredential(issued.credential()));
            out.println((replaced ? "re-issued " : "issued ") + name + " for " + String.join(",", patterns)
                    + expires.map(e -> ", expires " + ListingFormat.time(e)).orElse(", no expiry")
                    + (replaced ? " (the old secret and its logins no longer work)" : ""));
            out.println("log in with: docker login HOST -u " + name + " --password-stdin");
            out.println(issued.secret());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the credentials (never their secrets).")
    void list(@Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
                      description = "Aligned columns, or a JSON array for scripts (default: ${DEFAULT-VALUE}).")
              ListingFormat format,
              @Mixin SecretsLocation location) throws Exception {
        List<IssuedCredential> credentials;
        try (SecretsTarget target = SecretsTarget.of(location)) {
            credentials = PolicyCommand.access(target).read().credentials();
        }
        Instant now = clock.instant();
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case table -> {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("NAME", "REPOSITORIES", "EXPIRES", "CREATED"));
                for (IssuedCredential c : credentials)
                    rows.add(List.of(c.name(), String.join(",", patterns(c)),
                            c.expires().map(ListingFormat::time).orElse("never") + (c.expiredAt(now) ? " (expired)" : ""),
                            ListingFormat.time(c.created())));
                out.print(ListingFormat.columns(rows));
            }
            case json -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (IssuedCredential c : credentials) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", c.name());
                    row.put("repositories", patterns(c));
                    row.put("expires", c.expires().map(ListingFormat::time).orElse(null));
                    row.put("expired", c.expiredAt(now));
                    row.put("created", ListingFormat.time(c.created()));
                    rows.add(row);
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            }
        }
        out.flush();
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a credential, and say how soon its logins, refreshes and tokens stop working.")
    void revoke(@Parameters(paramLabel = "NAME") String name, @Mixin SecretsLocation location) throws Exception {
        try (SecretsTarget target = SecretsTarget.of(location)) {
            if (PolicyCommand.access(target).read().credential(name).isEmpty())
                throw new CommandFailure("no credential named " + name);
            PolicyCommand.access(target).update(d -> d.withoutCredential(name));
            spec.commandLine().getOut().println("revoked " + name + ": logins and refresh tokens are refused within "
                    + SecretsManagerAccess.DEFAULT_TTL.toSeconds() + " s; tokens already issued work until "
                    + "they expire (tokenTtlSeconds), plus the gateway's authorizer cache (AuthorizerCacheSeconds)");
        }
    }

    private static List<String> patterns(IssuedCredential c) {
        return c.repositories().stream().map(RepositoryGlob::pattern).toList();
    }

    private List<RepositoryGlob> globs(List<String> patterns) {
        List<RepositoryGlob> globs = new ArrayList<>();
        try {
            for (String p : patterns) if (!p.isBlank()) globs.add(RepositoryGlob.parse(p.trim()));
        } catch (PolicyException e) {
            throw new ParameterException(spec.commandLine().getSubcommands().get("issue"), "--repositories: " + e.getMessage());
        }
        if (globs.isEmpty())
            throw new ParameterException(spec.commandLine().getSubcommands().get("issue"), "--repositories needs at least one pattern");
        return globs;
    }
}
