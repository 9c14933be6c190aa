package dev.ecrpublic.cli;

import dev.ecrpublic.local.LocalRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the registry on this machine until interrupted. */
record ServeCommand(LocalRegistry.Options options) {
    static ServeCommand parse(String[] args) throws UsageException {
        Options o = Options.parse(args, Set.of("host", "port", "images", "backend"));
        Path images = o.get("images").map(Path::of).orElse(null);
        if (images != null && !Files.isDirectory(images)) throw new UsageException("--images " + images + " is not a directory");
        LocalRegistry.Backend backend = switch (o.get("backend").orElse("local").toLowerCase(Locale.ROOT)) {
            case "local" -> LocalRegistry.Backend.LOCAL;
            case "aws" -> LocalRegistry.Backend.AWS;
            default -> throw new UsageException("--backend must be local or aws");
        };
        if (backend == LocalRegistry.Backend.AWS && images != null) throw new UsageException("--images only goes with --backend local");
        return new ServeCommand(new LocalRegistry.Options(o.get("host").orElse("127.0.0.1"), o.port("port", 5000), images, backend));
    }

    void run() throws Exception {
        LocalRegistry registry = LocalRegistry.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            stopped.countDown();
        }));
        System.out.println("ecr-public registry listening on " + registry.url() + "/v2/");
        if (options.backend() == LocalRegistry.Backend.LOCAL)
            System.out.println("try: docker pull " + registry.hostPort() + "/hello:latest");
        System.out.flush();
        stopped.await();
    }
}
