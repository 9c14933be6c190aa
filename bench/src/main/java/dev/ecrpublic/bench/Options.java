package dev.ecrpublic.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** bench/run's options; see {@link #USAGE}. */
record Options(int runs, int warmup, int iterations, JmhRun.Length jmh, boolean jmhDefaultJit, Set<String> parts,
               String java, List<String> jvmFlags, Path repo) {
    static final String USAGE = """
            usage: bench/run [options]
              --runs N             cold starts per function (default 10; at least 1)
              --warmup N           warm-up calls per warm scenario (default 2000)
              --iterations N       timed calls per warm scenario (default 5000)
              --jmh short|long|off JMH length: short = 1 fork, 3x1 s warm-up, 3x1 s measurement (default);
                                   long = 2 forks, 5x2 s warm-up, 5x2 s measurement
              --jmh-default-jit    run JMH with the JVM's default JIT instead of the template's C1-only flags
              --only LIST          some of cold,warm,jmh (comma-separated; default all three)
              --java PATH          java binary of the measured JVMs (default: the one running the bench)
              --jvm-flags "FLAGS"  extra flags for the measured JVMs, after the template's JAVA_TOOL_OPTIONS,
                                   e.g. "-XX:+UseSerialGC -Xshare:off"; {function} becomes the function's
                                   name: "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=/tmp/{function}.jsa"
              --repo DIR           the checkout (default .): template.yaml and the functions' target/ jars
            The report (Markdown) goes to stdout, progress to stderr.""";

    static Options parse(String[] args) {
        int runs = 10, warmup = 2000, iterations = 5000;
        JmhRun.Length jmh = JmhRun.Length.SHORT;
        boolean defaultJit = false;
        Set<String> parts = Set.of("cold", "warm", "jmh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = new ArrayList<>();
        Path repo = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--runs" -> runs = positive(a, value(args, ++i, a));
                case "--warmup" -> warmup = nonNegative(a, value(args, ++i, a));
                case "--iterations" -> iterations = positive(a, value(args, ++i, a));
                case "--jmh" -> {
                    String v = value(args, ++i, a);
                    switch (v) {
                        case "short" -> jmh = JmhRun.Length.SHORT;
                        case "long" -> jmh = JmhRun.Length.LONG;
                        case "off" -> jmh = null;
                        default -> throw new IllegalArgumentException("--jmh takes short, long or off, not " + v);
                    }
                }
                case "--jmh-default-jit" -> defaultJit = true;
                case "--only" -> {
                    parts = Set.copyOf(Arrays.asList(value(args, ++i, a).split(",")));
                    for (String p : parts)
                        if (!Set.of("cold", "warm", "jmh").contains(p))
                            throw new IllegalArgumentException("--only takes cold, warm and jmh, not " + p);
                }
                case "--java" -> java = value(args, ++i, a);
                case "--jvm-flags" -> {
                    String v = value(args, ++i, a).trim();
                    if (!v.isEmpty()) flags.addAll(Arrays.asList(v.split("\\s+")));
                }
                case "--repo" -> repo = Path.of(value(args, ++i, a));
                case "-h", "--help" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (jmh == null) {
            parts = new java.util.HashSet<>(parts);
            parts.remove("jmh");
            parts = Set.copyOf(parts);
            jmh = JmhRun.Length.SHORT;
        }
        return new Options(runs, warmup, iterations, jmh, defaultJit, parts, java, List.copyOf(flags), repo);
    }

    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }

    private static int positive(String option, String value) {
        int n = nonNegative(option, value);
        if (n < 1) throw new IllegalArgumentException(option + " must be at least 1");
        return n;
    }

    private static int nonNegative(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not " + value);
        }
    }
}
