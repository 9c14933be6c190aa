package dev.ecrpublic.bench.child;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm latency in one JVM: the handler built once (as one Lambda container keeps it), then for each scenario a
 * warm-up, then {@code iterations} timed invocations one after another, each with a fresh input and output stream as
 * the runtime gives them. A {@code raw} scenario times a plain keep-alive HTTP POST of an AWS JSON request to an
 * emulator, measured in the same way, for the round trip the handler cannot avoid.
 *
 * <p>Args: a spec file of lines {@code handler CLASS}, {@code warmup N}, {@code iterations N},
 * {@code invoke NAME EVENT_FILE EXPECTED_SUBSTRING}, {@code raw NAME PORT X_AMZ_TARGET BODY_FILE}. Around each
 * measured phase it prints {@code @@bench pause NAME start|end} and waits for a line on stdin, so the bench can count
 * the emulators' calls of exactly that phase; results are {@code @@bench result NAME n min p50 p90 p99 max mean} in ns.
 */
public final class WarmChild {
    private WarmChild() {}

    private interface Call {
        void run() throws IOException;
    }

    public static void main(String[] args) throws Exception {
        List<String[]> spec = Files.readAllLines(Path.of(args[0])).stream()
                .filter(l -> !l.isBlank()).map(l -> l.trim().split(" +")).toList();
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        RequestStreamHandler handler = null;
        int warmup = 1000, iterations = 1000;
        for (String[] line : spec) {
            switch (line[0]) {
                case "handler" -> handler = (RequestStreamHandler) Class.forName(line[1]).getConstructor().newInstance();
                case "warmup" -> warmup = Integer.parseInt(line[1]);
                case "iterations" -> iterations = Integer.parseInt(line[1]);
                case "invoke" -> {
                    RequestStreamHandler h = handler;
                    byte[] event = Files.readAllBytes(Path.of(line[2]));
                    String expected = line[3];
                    String name = line[1];
                    int[] sequence = {0};
                    String first = invoke(h, event, "warm-" + name + "-check");
                    if (!first.contains(expected))
                        throw new IllegalStateException(name + ": answer lacks " + expected + ": " + first);
                    measure(name, warmup, iterations, control, () -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
                        h.handleRequest(new ByteArrayInputStream(event), out, new RuntimeContext("warm-" + sequence[0]++));
                        if (out.size() == 0) throw new IllegalStateException(name + ": empty answer");
                    });
                }
                case "raw" -> {
                    try (RawAwsJsonClient client = new RawAwsJsonClient(Integer.parseInt(line[2]), line[3],
                            Files.readAllBytes(Path.of(line[4])))) {
                        client.call();
                        measure(line[1], warmup, iterations, control, client::call);
                    }
                }
                default -> throw new IllegalArgumentException("unknown spec line: " + String.join(" ", line));
            }
        }
        System.out.println("@@bench done");
        System.out.flush();
    }

    private static String invoke(RequestStreamHandler handler, byte[] event, String requestId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new RuntimeContext(requestId));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void measure(String name, int warmup, int iterations, BufferedReader control, Call call)
            throws IOException {
        for (int i = 0; i < warmup; i++) call.run();
        pause(name + " start", control);
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - started;
        }
        pause(name + " end", control);
        long sum = 0;
        for (long n : nanos) sum += n;
        Arrays.sort(nanos);
        System.out.println("@@bench result " + name + " " + iterations + " " + nanos[0] + " " + rank(nanos, 0.50) + " "
                + rank(nanos, 0.90) + " " + rank(nanos, 0.99) + " " + nanos[iterations - 1] + " " + sum / iterations);
        System.out.flush();
    }

    /** Nearest-rank percentile of sorted values. */
    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void pause(String what, BufferedReader control) throws IOException {
        System.out.println();
        System.out.println("@@bench pause " + what);
        System.out.flush();
        String reply = control.readLine();
        if (!"go".equals(reply)) throw new IllegalStateException("bench said " + reply + " instead of go");
    }
}
