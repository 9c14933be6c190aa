package dev.ecrpublic.cli;

import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.local.ecr.EmulatedRegistries;
import dev.ecrpublic.local.ecr.EmulatedRegistriesException;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the registry on this machine until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the registry locally: the real handlers behind a local API gateway, against an embedded "
                + "ECR emulator (seeded with hello:latest) or your real ECR."})
final class ServeCommand implements Callable<Integer> {
    static final Path DEFAULT_STATE = Path.of(".ecr-public");

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "5000",
            description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Also serve every OCI image layout under DIR (DIR/<repository>).")
    Path images;

    @Option(names = "--ecr", paramLabel = "REGISTRIES.json",
            description = "More for the embedded ECR to hold: other accounts and regions, images, repository tags.")
    Path ecrFile;

    @Option(names = "--backend", paramLabel = "local|aws", defaultValue = "local", completionCandidates = Backends.class,
            description = "local: the embedded ECR; aws: your real ECR, with the SDK's default credentials and region "
                    + "(default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--auth", paramLabel = "token|none", defaultValue = "token", completionCandidates = AuthModes.class,
            description = "token: the token endpoint and the authorizer, as deployed; none: every repository public, "
                    + "no tokens (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--config", paramLabel = "POLICY.json",
            description = "The access policy in force while serve runs; without it, anonymous pulls of everything.")
    Path config;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Where signing keys and issued credentials live (default: .ecr-public).")
    Path state;

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "Request logs as text, or as the JSON lines the functions write in Lambda "
                    + "(default: text on a terminal, json otherwise).")
    LogFormat logFormat;

    /** What bash completion offers for {@code --backend} and {@code --auth}. */
    static final class Backends extends ArrayList<String> {
        Backends() {
            super(List.of("local", "aws"));
        }
    }

    static final class AuthModes extends ArrayList<String> {
        AuthModes() {
            super(List.of("token", "none"));
        }
    }

    @Override
    public Integer call() throws Exception {
        LocalRegistry.Options options = options();
        if ((logFormat == null ? LogFormat.forStdout() : logFormat) == LogFormat.text)
            System.setOut(new LogText.Output(System.out));
        run(options);
        return 0;
    }

    /** Checks that the options fit together, and reads the files they name. */
    private LocalRegistry.Options options() throws CommandFailure {
        if (port < 0 || port > 65535) throw usage("--port must be a port number from 0 to 65535");
        if (images != null && !Files.isDirectory(images)) throw usage("--images " + images + " is not a directory");
        LocalRegistry.Backend backendChoice = switch (backend) {
            case "local" -> LocalRegistry.Backend.LOCAL;
            case "aws" -> LocalRegistry.Backend.AWS;
            default -> throw usage("--backend must be local or aws, not " + backend);
        };
        if (backendChoice == LocalRegistry.Backend.AWS && images != null) throw usage("--images only goes with --backend local");
        if (backendChoice == LocalRegistry.Backend.AWS && ecrFile != null) throw usage("--ecr only goes with --backend local");
        Optional<LocalRegistry.Auth> authChoice = switch (auth) {
            case "token" -> Optional.of(LocalRegistry.Auth.defaults(state == null ? DEFAULT_STATE : state, policy()));
            case "none" -> {
                if (config != null || state != null) throw usage("--config and --state only go with --auth token");
                yield Optional.empty();
            }
            default -> throw usage("--auth must be token or none, not " + auth);
        };
        return new LocalRegistry.Options(host, port, images, backendChoice, authChoice, ecr());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private EmulatedRegistries ecr() throws CommandFailure {
        if (ecrFile == null) return EmulatedRegistries.NONE;
        try {
            return EmulatedRegistries.read(ecrFile);
        } catch (EmulatedRegistriesException e) {
            throw new CommandFailure("--ecr " + ecrFile + ": " + e.getMessage());
        }
    }

    private Optional<AccessPolicy> policy() throws CommandFailure {
        if (config == null) return Optional.empty();
        try {
            return Optional.of(PolicyCommand.read(config.toString()));
        } catch (CommandFailure e) {
            throw new CommandFailure("--config " + e.getMessage());
        }
    }

    private void run(LocalRegistry.Options options) throws Exception {
        LocalRegistry registry;
        try {
            registry = LocalRegistry.start(options);
        } catch (EmulatedRegistriesException e) {
            throw new CommandFailure("--ecr " + ecrFile + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }));
        PrintStream out = System.out;
        out.println("ecr-public registry listening on " + registry.url() + "/v2/");
        out.println("gallery of the public repositories: " + registry.url() + "/v2/_gallery");
        if (options.auth().isEmpty()) out.println("auth: none (every repository is public, no token endpoint)");
        else if (options.auth().get().policy().isEmpty())
            out.println("auth: token, no access policy (--config): anonymous pulls of every repository");
        else out.println("auth: token, access policy from --config");
        if (!options.ecr().isEmpty()) {
            for (EmulatedRegistries.Registry emulated : options.ecr().registries()) describe(out, registry, emulated);
            out.println("emulated ECR endpoint (any credentials, signed for the registry's region): "
                    + registry.ecr().endpoint());
        }
        if (options.backend() == LocalRegistry.Backend.LOCAL && anonymousMayPull(options, SampleImages.REPOSITORY))
            out.println("try: docker pull " + registry.hostPort() + "/" + SampleImages.REPOSITORY + ":latest");
        out.flush();
        stopped.await();
    }

    /** Whether anyone may pull {@code repository} without logging in: the hint must not suggest a refused pull. */
    private static boolean anonymousMayPull(LocalRegistry.Options options, String repository) {
        return options.auth().flatMap(LocalRegistry.Auth::policy)
                .map(p -> p.anonymous().stream().anyMatch(g -> g.matches(repository)))
                .orElse(true);
    }

    /**
     * e.g. {@code emulated registry 210987654321/eu-west-1: 2 repositories (app, tools/base)}, then a line per
     * repository whose tags the file set.
     */
    private static void describe(PrintStream out, LocalRegistry registry, EmulatedRegistries.Registry emulated) {
        ImageStore store = registry.ecr().store(emulated.registryId(), emulated.region());
        List<String> names = List.copyOf(store.repositories());
        out.println("emulated registry " + emulated.name() + ": " + names.size()
                + (names.size() == 1 ? " repository" : " repositories")
                + (names.isEmpty() ? "" : names.size() <= 10 ? " (" + String.join(", ", names) + ")"
                        : " (" + String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more)"));
        for (String repository : emulated.repositoryTags().keySet())
            out.println("  " + repository + ": repository tags " + store.repositoryTags(repository));
    }
}
