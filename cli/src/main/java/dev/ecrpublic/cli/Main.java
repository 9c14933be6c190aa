package dev.ecrpublic.cli;

import java.util.Arrays;

/** {@code java -jar ecr-public.jar COMMAND [options]}. */
public final class Main {
    private Main() {}

    static final String USAGE = """
            usage: java -jar ecr-public.jar COMMAND [options]

            commands:
              serve [--host H] [--port N] [--images DIR] [--backend local|aws]
                  Run the registry locally: the real handlers behind a local API gateway, against an embedded
                  ECR emulator (default, seeded with hello:latest and the OCI layouts under DIR) or real ECR.
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
                default -> throw new UsageException("unknown command: " + args[0]);
            }
        } catch (UsageException e) {
            System.err.println("ecr-public: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }
}
