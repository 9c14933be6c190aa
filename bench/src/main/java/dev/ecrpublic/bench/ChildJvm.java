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
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How a measured JVM is started: {@code java [extra flags] -cp <deployable jar>:<child.jar> <child main>}, with
 * the function's environment and the template's JAVA_TOOL_OPTIONS, and nothing of the bench's own class path. The
 * child classes ({@link dev.ecrpublic.bench.child}) are copied out of bench.jar into a jar of their own once: a jar,
 * not a folder, because CDS refuses to dump an archive (-XX:ArchiveClassesAtExit, -XX:+AutoCreateSharedArchive)
 * when the class path holds a non-empty directory.
 */
final class ChildJvm implements AutoCloseable {
    private static final String CHILD_PACKAGE = "dev/ecrpublic/bench/child/";

    private final String java;
    private final String javaToolOptions;
    private final List<String> extraFlags;
    private final Path childDir;
    private final Path childJar;

    ChildJvm(String java, String javaToolOptions, List<String> extraFlags) throws IOException {
        this.java = java;
        this.javaToolOptions = javaToolOptions;
        this.extraFlags = List.copyOf(extraFlags);
        this.childDir = Files.createTempDirectory("ecr-public-bench-child");
        this.childJar = childDir.resolve("child.jar");
        writeChildJar(childJar);
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

    /**
     * The command of a measured JVM of {@code function}; {@code {function}} in an extra flag becomes its name, so
     * that each function can have a CDS archive of its own ({@code -XX:SharedArchiveFile=/tmp/{function}.jsa}).
     */
    ProcessBuilder process(String function, Path jar, List<String> flags, String mainClass, List<String> args,
                           Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String flag : extraFlags) command.add(flag.replace("{function}", function));
        command.addAll(flags);
        command.add("-cp");
        command.add(jar.toAbsolutePath() + File.pathSeparator + childJar);
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

    private static void writeChildJar(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
            if (Files.isDirectory(source)) { // running from target/classes
                try (Stream<Path> files = Files.list(source.resolve(CHILD_PACKAGE))) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList())
                        copy(CHILD_PACKAGE + f.getFileName(), Files.newInputStream(f), out);
                }
                return;
            }
            try (JarFile jar = new JarFile(source.toFile())) {
                for (JarEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    if (name.startsWith(CHILD_PACKAGE) && name.endsWith(".class"))
                        copy(name, jar.getInputStream(entry), out);
                }
            }
        }
    }

    private static void copy(String name, InputStream from, JarOutputStream to) throws IOException {
        try (from) {
            to.putNextEntry(new JarEntry(name));
            from.transferTo(to);
            to.closeEntry();
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(childDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
