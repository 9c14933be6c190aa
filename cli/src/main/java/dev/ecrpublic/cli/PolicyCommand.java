package dev.ecrpublic.cli;

import dev.ecrpublic.local.AccessSecret;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.PolicyException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * {@code policy set FILE|none} and {@code policy show}: the access policy in the access secret, beside the issued
 * credentials, which are kept. A policy is validated before it is written: a typo never reaches the functions.
 */
final class PolicyCommand {
    private PolicyCommand() {}

    static void run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) throw new UsageException("policy needs set or show");
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length), Set.of("state", "secret-id"));
        switch (args[0]) {
            case "set" -> {
                String file = o.positional("POLICY.json|none").getFirst();
                Optional<AccessPolicy> policy = file.equals("none") ? Optional.empty() : Optional.of(read(file));
                try (SecretsTarget target = SecretsTarget.of(o)) {
                    access(target).update(d -> d.withPolicy(policy));
                }
                out.println(policy.isPresent() ? "policy set from " + file
                        : "policy removed: anonymous pulls of every repository");
            }
            case "show" -> {
                o.positional();
                try (SecretsTarget target = SecretsTarget.of(o)) {
                    out.println(access(target).read().policy().map(AccessPolicy::toJson)
                            .orElse("no policy: anonymous pulls of every repository"));
                }
            }
            default -> throw new UsageException("policy needs set or show, not " + args[0]);
        }
    }

    static AccessPolicy read(String file) throws UsageException {
        try {
            return AccessPolicy.parse(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UsageException(file + " cannot be read: " + e.getMessage());
        } catch (PolicyException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    static AccessSecret access(SecretsTarget target) {
        return switch (target) {
            case SecretsTarget.Aws aws -> new AccessSecret(aws.client(), aws.secretId());
            case SecretsTarget.Local local -> local.secrets().access();
        };
    }
}
