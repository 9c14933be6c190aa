package dev.ecrpublic.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code java -jar ecr-public.jar COMMAND [options]}. Exit codes: 0 done, 1 the command failed (one line on stderr),
 * 2 the command line is wrong (one line, suggestions for a typo, then that one command's usage).
 */
@Command(name = "ecr-public", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run the registry locally, and manage its credentials, signing keys and access policy.",
        footer = {"", "credentials, keys and policy act on the local state folder (--state DIR, default .ecr-public) "
                + "or, with --secret-id ID, on that secret in AWS Secrets Manager (SDK defaults for region and "
                + "credentials). 'COMMAND --help' describes each command."})
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    private static final String EXCLUDED_CONVERTERS = "picocli.converters.excludes";

    /** The commands, in the order help lists them; each built only when the command line may need it. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", ServeCommand::new);
        commands.put("credentials", CredentialsCommand::new);
        commands.put("keys", KeysCommand::new);
        commands.put("policy", PolicyCommand::new);
        commands.put("generate-completion", AutoComplete.GenerateCompletion::new);
        return commands;
    }

    public static void main(String[] args) {
        int exit = commandLine(args).execute(args);
        // serve returns 0 while the JVM shuts down on SIGTERM; System.exit would then wait on the shutdown hooks.
        if (exit != 0) System.exit(exit);
    }

    /** The whole command line, for help, suggestions and completion. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * Reading a command's annotations costs start-up time, so a command line that names its command exactly gets only
     * that one; anything else (help, a typo, no command) gets them all.
     */
    static CommandLine commandLine(String[] args) {
        // picocli registers converters for java.sql and java.time types by reflection, per command, loading classes
        // of a module outside the JDK's class-data archive; no option here takes such a type.
        if (System.getProperty(EXCLUDED_CONVERTERS) == null)
            System.setProperty(EXCLUDED_CONVERTERS, "java\\.sql\\..*,java\\.time\\..*");
        CommandLine cli = new CommandLine(new Main());
        boolean named = args.length > 0 && COMMANDS.containsKey(args[0]);
        COMMANDS.forEach((name, command) -> {
            if (!named || name.equals(args[0])) cli.addSubcommand(name, command.get());
        });
        cli.setParameterExceptionHandler(USAGE_ERROR);
        cli.setExecutionExceptionHandler(FAILURE);
        CommandLine completion = cli.getSubcommands().get("generate-completion");
        if (completion != null) completion.getCommandSpec().usageMessage().hidden(false);
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: serve, credentials, keys or policy");
    }

    /** One line naming the command and the mistake, a suggestion for a typo, then that command's usage. */
    private static final IParameterExceptionHandler USAGE_ERROR = (e, args) -> {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println();
        command.usage(err);
        return CommandLine.ExitCode.USAGE;
    };

    /** A failure is one line: what failed and why, never a stack trace. */
    private static final IExecutionExceptionHandler FAILURE = (e, command, parseResult) -> {
        String reason = e instanceof CommandFailure || e.getMessage() == null
                ? String.valueOf(e.getMessage())
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + reason.replace('\n', ' '));
        return CommandLine.ExitCode.SOFTWARE;
    };

    /** The version the shaded jar's manifest carries. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"ecr-public " + (version == null ? "(unknown version: not run from the built jar)" : version),
                    "Java ${java.version} (${java.vendor})"};
        }
    }
}
