package dev.ecrpublic.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.PrintWriter;

/**
 * {@code keys rotate}: a full rotation of the signing key through {@code RotateSecret}. On AWS, Secrets Manager runs
 * the rotation function as on its schedule; locally the emulator runs the same four steps on the state folder.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Rotate the token signing key.")
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "keys needs rotate");
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Rotate the signing key now; tokens already issued keep working until they expire.")
    void rotate(@Mixin SecretsLocation location) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (SecretsTarget target = SecretsTarget.of(location)) {
            switch (target) {
                case SecretsTarget.Local local -> {
                    String version;
                    try {
                        version = local.secrets().rotateKeys();
                    } catch (ResourceNotFoundException e) {
                        throw new CommandFailure("no signing key in " + location.state() + " yet: serve makes it when it "
                                + "first starts there");
                    }
                    out.println("rotated: new signing key version " + version + " is current; tokens signed with the "
                            + "previous key keep working until they expire");
                }
                case SecretsTarget.Aws aws -> out.println("rotation started: Secrets Manager is running the rotation "
                        + "function for version " + aws.client().rotateSecret(r -> r.secretId(aws.secretId())
                        .rotateImmediately(true)).versionId());
            }
        }
    }
}
