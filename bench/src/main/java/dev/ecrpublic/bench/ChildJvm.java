package dev.ecrpublic.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * How a measured JVM is started: {@code java [extra flags] -cp <deployable jar>:<child classes> <child main>}, with
 * the function's environment and the template's JAVA_TOOL_OPTIONS, and nothing of the bench's own class path. The
 * child classes ({@link dev.ecrpublic.bench.child}) are copied out of bench.jar into a temporary folder once.
 */
final class ChildJvm implements AutoCloseable {
    private static final String CHILD_PACKAGE = "dev/ecrpublic/bench/child/";

    private final String java;
    private final String javaToolOptions;
    private final List<String> extraFlags;
    private final Path childClasses;

    ChildJvm(String java, String javaToolOptions, List<String> extraFlags) throws IOException {
        this.java = java;
        this.javaToolOptions = javaToolOptions;
        this.extraFlags = List.copyOf(extraFlags);
        this.childClasses = Files.createTempDirectory("ecr-public-bench-child");
        extractChildClasses(childClasses);
    }

    String java() {
        return java;
    }

    String javaToolOptions() {
        return javaToolOptions;
    }

    List<String> extraFlags() {
        return extraFlags;
    }

    ProcessBuilder process(Path jar, List<String> flags, String mainClass, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(extraFlags);
        command.addAll(flags);
        command.add("-cp");
        command.add(jar.toAbsolutePath() + File.pathSeparator + childClasses);
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder process = new ProcessBuilder(command);
        Map<String, String> environment = process.environment();
        environment.keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JDK_JAVA_OPTIONS")
                || k.equals("_JAVA_OPTIONS") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("CLASSPATH"));
        environment.putAll(env);
        environment.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        return process;
    }

    private static void extractChildClasses(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path out = target.resolve(CHILD_PACKAGE);
        Files.createDirectories(out);
        if (Files.isDirectory(source)) { // running from target/classes
            try (Stream<Path> files = Files.list(source.resolve(CHILD_PACKAGE))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList())
                    Files.copy(f, out.resolve(f.getFileName().toString()));
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith(CHILD_PACKAGE) || !name.endsWith(".class")) continue;
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out.resolve(name.substring(CHILD_PACKAGE.length())));
                }
            }
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(childClasses)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
