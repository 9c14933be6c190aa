package dev.ecrpublic.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts: per run, a fresh JVM on the deployable jar calls the handler once (see
 * {@link dev.ecrpublic.bench.child.ColdChild}); the wall time runs in this process from just before the spawn to
 * the moment the answer line is read. Runs of the functions are interleaved, after one unmeasured run each (which
 * warms the page cache and the emulators, as a Lambda host's disk cache would be warm for a popular runtime).
 */
final class ColdStart {
    private static final String CHILD = "dev.ecrpublic.bench.child.ColdChild";

    record Run(double wallMillis, double bootMillis, double initMillis, double invokeMillis, double rssMib,
               Map<String, Long> calls) {}

    record ClassLoading(int total, int cds, int jdk, int jar, int other, Map<String, Integer> jarPackages) {}

    record Result(Function function, List<Run> runs, ClassLoading classes) {
        List<Double> values(java.util.function.ToDoubleFunction<Run> field) {
            return runs.stream().map(r -> field.applyAsDouble(r)).toList();
        }
    }

    private final ChildJvm jvm;
    private final Fixtures fixtures;
    private final PrintStream progress;

    ColdStart(ChildJvm jvm, Fixtures fixtures, PrintStream progress) {
        this.jvm = jvm;
        this.fixtures = fixtures;
        this.progress = progress;
    }

    List<Result> measure(List<Function> functions, int runs) throws IOException, InterruptedException {
        Map<Function, List<Run>> results = new LinkedHashMap<>();
        for (Function f : functions) {
            once(f, List.of());
            results.put(f, new ArrayList<>());
        }
        for (int i = 0; i < runs; i++) {
            progress.printf("  cold run %d/%d%n", i + 1, runs);
            for (Function f : functions) results.get(f).add(once(f, List.of()));
        }
        List<Result> out = new ArrayList<>();
        for (Function f : functions) out.add(new Result(f, results.get(f), classLoading(f)));
        return out;
    }

    private Run once(Function f, List<String> flags) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("ecr-public-bench-cold", ".err");
        try {
            ProcessBuilder builder = jvm.process(f.name(), f.jar(), flags, CHILD, List.of(f.handler()), f.environment())
                    .redirectError(stderr.toFile());
            fixtures.resetCalls();
            long spawn = System.nanoTime();
            Process child = builder.start();
            try (OutputStream in = child.getOutputStream()) {
                in.write(f.event());
            }
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String response = null;
            long answered = 0;
            String[] times = null;
            ChildOutput output = new ChildOutput();
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("@@bench response ")) {
                    answered = System.nanoTime();
                    response = new String(Base64.getDecoder().decode(line.substring("@@bench response ".length())),
                            StandardCharsets.UTF_8);
                } else if (line.startsWith("@@bench times ")) {
                    times = line.substring("@@bench times ".length()).split(" ");
                } else {
                    output.add(line);
                }
            }
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IllegalStateException(f.name() + ": cold child did not exit within 60 s");
            }
            if (child.exitValue() != 0 || response == null || times == null)
                throw output.failure(f.name() + ": cold child failed" + (response == null ? " before answering" : " after answering"),
                        child.exitValue(), stderr);
            if (!f.rightAnswer().test(response))
                throw output.failure(f.name() + ": wrong answer: " + response, child.exitValue(), stderr);
            long main = Long.parseLong(times[0]), constructed = Long.parseLong(times[1]), done = Long.parseLong(times[2]);
            return new Run(millis(answered - spawn), millis(main - spawn), millis(constructed - main),
                    millis(done - constructed), Long.parseLong(times[3]) / 1024.0, new TreeMap<>(fixtures.calls()));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** One more, unmeasured run with -Xlog:class+load: how many classes init and the first call load, and from where. */
    private ClassLoading classLoading(Function f) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ecr-public-bench-classes", ".log");
        try {
            once(f, List.of("-Xlog:class+load=info:file=" + log));
            int total = 0, cds = 0, jdk = 0, jar = 0, other = 0;
            Map<String, Integer> packages = new TreeMap<>();
            for (String line : Files.readAllLines(log)) {
                int source = line.indexOf(" source: ");
                if (source < 0) continue;
                total++;
                String from = line.substring(source + " source: ".length());
                if (from.startsWith("shared objects file")) cds++;
                else if (from.startsWith("jrt:/")) jdk++;
                else if (from.contains(".jar")) {
                    jar++;
                    String name = line.substring(line.indexOf("] ") + 2, source).trim();
                    packages.merge(group(name), 1, Integer::sum);
                } else other++;
            }
            return new ClassLoading(total, cds, jdk, jar, other, packages);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The library a class comes from, by the first segments of its package. */
    private static String group(String className) {
        String[] parts = className.split("\\.");
        int keep = className.startsWith("software.amazon.awssdk.services.") ? 5
                : className.startsWith("software.amazon.awssdk.") ? 4 : 3;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(keep, parts.length - 1); i++) out.append(i == 0 ? "" : ".").append(parts[i]);
        return out.toString();
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
