package dev.ecrpublic.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code keys rotate}: a full rotation of the signing key through {@code RotateSecret}. On AWS, Secrets Manager runs
 * the rotation function as on its schedule; locally the emulator runs the same four steps on the state folder.
 */
final class KeysCommand {
    private KeysCommand() {}

    static void run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || !args[0].equals("rotate")) throw new UsageException("keys needs rotate");
        Options o = Options.parse(Arrays.copyOfRange(args, 1, args.length), Set.of("state", "secret-id"));
        o.positional();
        try (SecretsTarget target = SecretsTarget.of(o)) {
            switch (target) {
                case SecretsTarget.Local local -> out.println("rotated: new signing key version "
                        + local.secrets().rotateKeys() + " is current; tokens signed with the previous key keep "
                        + "working until they expire");
                case SecretsTarget.Aws aws -> out.println("rotation started: Secrets Manager is running the rotation "
                        + "function for version " + aws.client().rotateSecret(r -> r.secretId(aws.secretId())
                        .rotateImmediately(true)).versionId());
            }
        }
    }
}
