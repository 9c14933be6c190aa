package dev.ecrpublic.cli;

import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.policy.AccessPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the registry on this machine until interrupted. */
record ServeCommand(LocalRegistry.Options options) {
    static final Path DEFAULT_STATE = Path.of(".ecr-public");

    static ServeCommand parse(String[] args) throws UsageException {
        Options o = Options.parse(args, Set.of("host", "port", "images", "backend", "auth", "config", "state"));
        o.positional();
        Path images = o.get("images").map(Path::of).orElse(null);
        if (images != null && !Files.isDirectory(images)) throw new UsageException("--images " + images + " is not a directory");
        LocalRegistry.Backend backend = switch (o.get("backend").orElse("local").toLowerCase(Locale.ROOT)) {
            case "local" -> LocalRegistry.Backend.LOCAL;
            case "aws" -> LocalRegistry.Backend.AWS;
            default -> throw new UsageException("--backend must be local or aws");
        };
        if (backend == LocalRegistry.Backend.AWS && images != null) throw new UsageException("--images only goes with --backend local");
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
                images, backend, auth));
    }

    private static Optional<AccessPolicy> policy(Optional<String> file) throws UsageException {
        if (file.isEmpty()) return Optional.empty();
        try {
            return Optional.of(PolicyCommand.read(file.get()));
        } catch (UsageException e) {
            throw new UsageException("--config " + e.getMessage());
        }
    }

    void run() throws Exception {
        LocalRegistry registry = LocalRegistry.start(options);
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
        if (options.backend() == LocalRegistry.Backend.LOCAL)
            System.out.println("try: docker pull " + registry.hostPort() + "/hello:latest");
        System.out.flush();
        stopped.await();
    }
}
