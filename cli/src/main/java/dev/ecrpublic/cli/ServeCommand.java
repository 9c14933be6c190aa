package dev.ecrpublic.cli;

import dev.ecrpublic.local.EmulatedRegistries;
import dev.ecrpublic.local.EmulatedRegistriesException;
import dev.ecrpublic.local.ImageStore;
import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.local.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: runs the registry on this machine until interrupted. ecrFile is the {@code --ecr} file the options'
 * emulated registries were read from, named in errors found when they are applied.
 */
record ServeCommand(LocalRegistry.Options options, Optional<String> ecrFile) {
    static final Path DEFAULT_STATE = Path.of(".ecr-public");

    static ServeCommand parse(String[] args) throws UsageException {
        Options o = Options.parse(args, Set.of("host", "port", "images", "backend", "auth", "config", "state",
                "ecr"));
        o.positional();
        Path images = o.get("images").map(Path::of).orElse(null);
        if (images != null && !Files.isDirectory(images)) throw new UsageException("--images " + images + " is not a directory");
        LocalRegistry.Backend backend = switch (o.get("backend").orElse("local").toLowerCase(Locale.ROOT)) {
            case "local" -> LocalRegistry.Backend.LOCAL;
            case "aws" -> LocalRegistry.Backend.AWS;
            default -> throw new UsageException("--backend must be local or aws");
        };
        if (backend == LocalRegistry.Backend.AWS && images != null) throw new UsageException("--images only goes with --backend local");
        if (backend == LocalRegistry.Backend.AWS && o.get("ecr").isPresent())
            throw new UsageException("--ecr only goes with --backend local");
        EmulatedRegistries ecr = ecr(o.get("ecr"));
        Optional<LocalRegistry.Auth> auth = switch (o.get("auth").orElse("token").toLowerCase(Locale.ROOT)) {
            case "token" -> Optional.of(LocalRegistry.Auth.defaults(
                    o.get("state").map(Path::of).orElse(DEFAULT_STATE), policy(o.get("config"))));
            case "none" -> {
                if (o.get("config").isPresent() || o.get("state").isPresent())
                    throw new UsageException("--config and --state only go with --auth token");
                yield Optional.empty();
            }
            default -> throw new UsageException("--auth must be token or none");
        };
        return new ServeCommand(new LocalRegistry.Options(o.get("host").orElse("127.0.0.1"), o.port("port", 5000),
                images, backend, auth, ecr), o.get("ecr"));
    }

    private static EmulatedRegistries ecr(Optional<String> file) throws UsageException {
        if (file.isEmpty()) return EmulatedRegistries.NONE;
        try {
            return EmulatedRegistries.read(Path.of(file.get()));
        } catch (EmulatedRegistriesException e) {
            throw new UsageException("--ecr " + file.get() + ": " + e.getMessage());
        }
    }

    private static Optional<AccessPolicy> policy(Optional<String> file) throws UsageException {
        if (file.isEmpty()) return Optional.empty();
        try {
            return Optional.of(PolicyCommand.read(file.get()));
        } catch (UsageException e) {
            throw new UsageException("--config " + e.getMessage());
        }
    }

    /** Whether anyone may pull {@code repository} without logging in: the hint must not suggest a refused pull. */
    private boolean anonymousMayPull(String repository) {
        return options.auth().flatMap(LocalRegistry.Auth::policy)
                .map(p -> p.anonymous().stream().anyMatch(g -> g.matches(repository)))
                .orElse(true);
    }

    void run() throws Exception {
        LocalRegistry registry;
        try {
            registry = LocalRegistry.start(options);
        } catch (EmulatedRegistriesException e) {
            throw new UsageException("--ecr " + ecrFile.orElse("") + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }));
        System.out.println("ecr-public registry listening on " + registry.url() + "/v2/");
        if (options.auth().isEmpty()) System.out.println("auth: none (every repository is public, no token endpoint)");
        else if (options.auth().get().policy().isEmpty())
            System.out.println("auth: token, no access policy (--config): anonymous pulls of every repository");
        else System.out.println("auth: token, access policy from --config");
        if (!options.ecr().isEmpty()) {
            for (EmulatedRegistries.Registry emulated : options.ecr().registries()) describe(registry, emulated);
            System.out.println("emulated ECR endpoint (any credentials, signed for the registry's region): "
                    + registry.ecr().endpoint());
        }
        if (options.backend() == LocalRegistry.Backend.LOCAL && anonymousMayPull(SampleImages.REPOSITORY))
            System.out.println("try: docker pull " + registry.hostPort() + "/" + SampleImages.REPOSITORY + ":latest");
        System.out.flush();
        stopped.await();
    }

    /**
     * e.g. {@code emulated registry 210987654321/eu-west-1: 2 repositories (app, tools/base)}, then a line per
     * repository whose tags the file set.
     */
    private static void describe(LocalRegistry registry, EmulatedRegistries.Registry emulated) {
        ImageStore store = registry.images(emulated.registryId(), emulated.region());
        List<String> names = List.copyOf(store.repositories());
        System.out.println("emulated registry " + emulated.name() + ": " + names.size()
                + (names.size() == 1 ? " repository" : " repositories")
                + (names.isEmpty() ? "" : names.size() <= 10 ? " (" + String.join(", ", names) + ")"
                        : " (" + String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more)"));
        for (String repository : emulated.repositoryTags().keySet())
            System.out.println("  " + repository + ": repository tags " + store.repositoryTags(repository));
    }
}
