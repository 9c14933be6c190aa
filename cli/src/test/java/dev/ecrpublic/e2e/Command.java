package dev.ecrpublic.e2e;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of a real client binary, with everything it printed kept for the failure message. {@code stdin} is null
 * for none (/dev/null); it may be a password ({@code --password-stdin}), so nothing here ever prints it.
 */
record Command(List<String> args, Duration timeout, String stdin) {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    static Command of(String... args) {
        return new Command(List.of(args), DEFAULT_TIMEOUT, null);
    }

    Command withTimeout(Duration newTimeout) {
        return new Command(args, newTimeout, stdin);
    }

    /** Feeds {@code text} to the client's standard input, then closes it. */
    Command withStdin(String text) {
        return new Command(args, timeout, text);
    }

    @Override
    public String toString() {
        return "Command" + args + (stdin == null ? "" : " <<< ***");
    }

    record Result(Command command, int exitCode, byte[] stdout, String stderr, boolean timedOut) {
        boolean ok() {
            return !timedOut && exitCode == 0;
        }

        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** What a reader of a failed test needs to tell a client bug from a registry bug. */
        String describe() {
            return "$ " + String.join(" ", command.args())
                    + (timedOut ? "\n[killed after " + command.timeout() + "]" : "\n[exit " + exitCode + "]")
                    + "\n--- stdout ---\n" + tail(out())
                    + "\n--- stderr ---\n" + tail(stderr);
        }

        /**
         * Fails the test unless the command failed and its final error line (the last one on stderr, where clients put
         * the reason they gave up, after any --debug chatter) says why in one of {@code words}, case-insensitive: a
         * refusal must read as one to the user, not as a crash or a timeout.
         */
        Result assertRefused(String... words) {
            if (ok()) fail("expected a refusal, but it succeeded\n" + describe());
            if (timedOut) fail("expected a refusal, but it hung\n" + describe());
            String last = lastLine(stderr.isBlank() ? out() : stderr).toLowerCase(Locale.ROOT);
            for (String word : words) if (last.contains(word.toLowerCase(Locale.ROOT))) return this;
            return fail("the final error line mentions none of " + List.of(words) + "\n" + describe());
        }

        private static String lastLine(String text) {
            String[] lines = text.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** Fails the test unless the command exited 0, quoting its output plus any extra evidence. */
        Result assertOk(String... evidence) {
            if (!ok()) fail(describe() + String.join("\n", evidence));
            return this;
        }
    }

    /** Missing binaries come back as exit 127, like a shell, so callers can treat them as "not installed". */
    Result run() {
        var builder = new ProcessBuilder(args);
        if (stdin == null) builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(this, 127, new byte[0], e.toString(), false);
        }
        if (stdin != null) feed(process);
        // Both pipes are drained concurrently so a chatty client cannot block on a full pipe.
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            byte[] stdout = out.get(10, TimeUnit.SECONDS);
            String stderr = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            return new Result(this, finished ? process.exitValue() : -1, stdout, stderr, !finished);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + args, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("could not read the output of " + args, e);
        }
    }

    /** A few bytes fit the pipe's buffer, so writing before draining cannot deadlock; a client gone early is its own failure. */
    private void feed(Process process) {
        try (var input = process.getOutputStream()) {
            input.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Shows up as the client's own error (e.g. "password required"), which the result reports.
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
    }

    private static String tail(String text) {
        int keep = 20_000;
        return text.length() <= keep ? text : "[... " + (text.length() - keep) + " chars cut ...]\n" + text.substring(text.length() - keep);
    }
}
