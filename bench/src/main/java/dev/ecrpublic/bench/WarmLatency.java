package dev.ecrpublic.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Warm latency: one JVM per function (the deployable jar, the template's JAVA_TOOL_OPTIONS), the handler built once,
 * each scenario warmed up then timed call by call (see {@link dev.ecrpublic.bench.child.WarmChild}). The emulators'
 * calls are counted over exactly the timed calls of each scenario.
 */
final class WarmLatency {
    private static final String CHILD = "dev.ecrpublic.bench.child.WarmChild";

    /** A handler invocation or a raw emulator round trip, with the substring a right answer has. */
    sealed interface Scenario {
        String name();
    }

    record Invoke(String name, byte[] event, String expected) implements Scenario {}

    record Raw(String name, int port, String target, byte[] body) implements Scenario {}

    /** Nanosecond order statistics of the timed calls, and the emulator calls they made, by operation. */
    record Result(String name, int n, long min, long p50, long p90, long p99, long max, long mean, Map<String, Long> calls) {
        double callsPerRequest(String operation) {
            return calls.getOrDefault(operation, 0L) / (double) n;
        }
    }

    private final ChildJvm jvm;
    private final Fixtures fixtures;
    private final PrintStream progress;

    WarmLatency(ChildJvm jvm, Fixtures fixtures, PrintStream progress) {
        this.jvm = jvm;
        this.fixtures = fixtures;
        this.progress = progress;
    }

    Map<String, Result> measure(Function function, List<Scenario> scenarios, int warmup, int iterations)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ecr-public-bench-warm");
        Path stderr = dir.resolve("stderr");
        try {
            List<String> spec = new ArrayList<>(List.of("handler " + function.handler(), "warmup " + warmup,
                    "iterations " + iterations));
            for (Scenario s : scenarios) {
                switch (s) {
                    case Invoke i -> {
                        Path event = Files.write(dir.resolve(i.name() + ".json"), i.event());
                        spec.add("invoke " + i.name() + " " + event + " " + i.expected());
                    }
                    case Raw r -> {
                        Path body = Files.write(dir.resolve(r.name() + ".json"), r.body());
                        spec.add("raw " + r.name() + " " + r.port() + " " + r.target() + " " + body);
                    }
                }
            }
            Path specFile = Files.write(dir.resolve("spec"), spec);
            Process child = jvm.process(function.name(), function.jar(), List.of(), CHILD, List.of(specFile.toString()),
                    function.environment()).redirectError(stderr.toFile()).start();
            Map<String, Result> results = new LinkedHashMap<>();
            Map<String, Map<String, Long>> calls = new HashMap<>();
            boolean done = false;
            ChildOutput output = new ChildOutput();
            try (Writer control = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
                 BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!line.startsWith("@@bench ")) { // the function's own log lines, or the JVM's errors
                        output.add(line);
                        continue;
                    }
                    String[] words = line.split(" ");
                    switch (words[1]) {
                        case "pause" -> {
                            if (words[3].equals("start")) {
                                progress.printf("  warm %s: timing %d calls%n", words[2], iterations);
                                fixtures.resetCalls();
                            } else {
                                calls.put(words[2], new TreeMap<>(fixtures.calls()));
                            }
                            control.write("go\n");
                            control.flush();
                        }
                        case "result" -> {
                            long[] v = new long[7];
                            for (int k = 0; k < 7; k++) v[k] = Long.parseLong(words[3 + k]);
                            results.put(words[2], new Result(words[2], (int) v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                                    calls.getOrDefault(words[2], Map.of())));
                        }
                        case "done" -> done = true;
                        default -> { }
                    }
                }
            }
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IllegalStateException(function.name() + ": warm child did not exit");
            }
            if (child.exitValue() != 0 || !done)
                throw output.failure(function.name() + ": warm child failed", child.exitValue(), stderr);
            return results;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }
}
