package dev.ecrpublic.cli;

import java.time.Clock;
import java.util.Arrays;

/** {@code java -jar ecr-public.jar COMMAND [options]}. */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage: java -jar ecr-public.jar COMMAND [options]

            commands:
              serve [--host H] [--port N] [--images DIR] [--ecr REGISTRIES.json] [--backend local|aws]
                    [--auth token|none] [--config POLICY.json] [--state DIR]
                  Run the registry locally: the real handlers behind a local API gateway, against an embedded
                  ECR emulator (default, seeded with hello:latest and the OCI layouts under DIR, plus the other
                  accounts, regions and repository tags --ecr describes) or real ECR.
                  --auth token (default) runs the token endpoint and the authorizer, with the access policy from
                  --config (none: anonymous pulls of everything) and keys and credentials in the state folder
                  (default ./.ecr-public); --auth none serves every repository without tokens.
              credentials issue NAME --repositories PATTERN[,PATTERN...] [--expires 90d|2027-01-31]
              credentials list
              credentials revoke NAME
                  Issue (prints the secret alone on the last line), list or revoke docker login credentials.
              keys rotate
                  Rotate the token signing key; tokens already issued keep working until they expire.
              policy set POLICY.json|none
              policy show
                  Put an access policy in force (validated first; issued credentials are kept), or show it.

              credentials, keys and policy act on the local state folder (--state DIR, default ./.ecr-public), or with
              --secret-id ID on that secret in AWS Secrets Manager (SDK defaults for region and credentials).
            """;

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(USAGE);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "serve" -> ServeCommand.parse(rest).run();
                case "credentials" -> CredentialsCommand.run(rest, System.out, Clock.systemUTC());
                case "keys" -> KeysCommand.run(rest, System.out);
                case "policy" -> PolicyCommand.run(rest, System.out);
                default -> throw new UsageException("unknown command: " + args[0]);
            }
        } catch (UsageException e) {
            System.err.println("ecr-public: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }
}
