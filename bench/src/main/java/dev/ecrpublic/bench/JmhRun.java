package dev.ecrpublic.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.annotations.Mode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH for the hot inner pieces ({@code dev.ecrpublic.bench.jmh}), average time per call. The forked JVM gets the
 * same flags as the functions (the template's C1-only JIT), unless asked for the JVM's default JIT.
 */
final class JmhRun {
    enum Length {
        SHORT(1, 3, 1, 3, 1), LONG(2, 5, 2, 5, 2);

        final int forks, warmups, warmupSeconds, measurements, measurementSeconds;

        Length(int forks, int warmups, int warmupSeconds, int measurements, int measurementSeconds) {
            this.forks = forks;
            this.warmups = warmups;
            this.warmupSeconds = warmupSeconds;
            this.measurements = measurements;
            this.measurementSeconds = measurementSeconds;
        }

        String describe() {
            return forks + " fork(s), " + warmups + "x" + warmupSeconds + " s warm-up, " + measurements + "x"
                    + measurementSeconds + " s measurement, average time per call";
        }

        int seconds(int benchmarks) {
            return benchmarks * forks * (warmups * warmupSeconds + measurements * measurementSeconds + 1);
        }
    }

    static final int BENCHMARKS = 9;

    record Score(String benchmark, double nanos, double errorNanos) {}

    static List<Score> run(Length length, List<String> jvmFlags) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("dev\\.ecrpublic\\.bench\\.jmh\\..*")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .forks(length.forks)
                .warmupIterations(length.warmups)
                .warmupTime(TimeValue.seconds(length.warmupSeconds))
                .measurementIterations(length.measurements)
                .measurementTime(TimeValue.seconds(length.measurementSeconds))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        List<String> flags = new ArrayList<>(jvmFlags);
        // JMH reads fields through sun.misc.Unsafe; JDK 24+ warns about it in every fork unless told it is allowed.
        if (Runtime.version().feature() >= 24) flags.add("--sun-misc-unsafe-memory-access=allow");
        if (!flags.isEmpty()) options.jvmArgsAppend(flags.toArray(String[]::new));
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            String name = r.getParams().getBenchmark().replace("dev.ecrpublic.bench.jmh.", "");
            scores.add(new Score(name, primary.getScore(), primary.getScoreError()));
        }
        scores.sort(Comparator.comparing(Score::benchmark));
        return scores;
    }
}
