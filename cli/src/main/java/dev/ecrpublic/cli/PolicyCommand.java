package dev.ecrpublic.cli;

import dev.ecrpublic.local.AccessSecret;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.PolicyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code policy set FILE|none} and {@code policy show}: the access policy in the access secret, beside the issued
 * credentials, which are kept. A policy is validated before it is written: a typo never reaches the functions.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Put an access policy in force, or show it.")
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "policy needs set or show");
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Validate POLICY.json and put it in force (issued credentials are kept); none removes it.")
    void set(@Parameters(paramLabel = "POLICY.json|none") String file, @Mixin SecretsLocation location) throws Exception {
        Optional<AccessPolicy> policy = file.equals("none") ? Optional.empty() : Optional.of(read(file));
        try (SecretsTarget target = SecretsTarget.of(location)) {
            access(target).update(d -> d.withPolicy(policy));
        }
        spec.commandLine().getOut().println(policy.isPresent() ? "policy set from " + file
                : "policy removed: anonymous pulls of every repository");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the policy in force, as JSON.")
    void show(@Mixin SecretsLocation location) throws Exception {
        try (SecretsTarget target = SecretsTarget.of(location)) {
            spec.commandLine().getOut().println(access(target).read().policy().map(AccessPolicy::toJson)
                    .orElse("no policy: anonymous pulls of every repository"));
        }
    }

    /** A policy file, validated: what is wrong with it is one line naming the file and the field. */
    static AccessPolicy read(String file) throws CommandFailure {
        try {
            return AccessPolicy.parse(Files.readString(Path.of(file)));
        } catch (NoSuchFileException e) {
            throw new CommandFailure(file + ": no such file");
        } catch (IOException e) {
            throw new CommandFailure(file + " cannot be read: " + e.getMessage());
        } catch (PolicyException e) {
            throw new CommandFailure(file + ": " + e.getMessage());
        }
    }

    static AccessSecret access(SecretsTarget target) {
        return switch (target) {
            case SecretsTarget.Aws aws -> new AccessSecret(aws.client(), aws.secretId());
            case SecretsTarget.Local local -> local.secrets().access();
        };
    }
}
