package dev.ecrpublic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines a measured JVM wrote besides the bench protocol: the JVM's own errors (CDS, for one, reports on
 * stdout) and the function's log lines, so that a failing child says why.
 */
final class ChildOutput {
    private static final int LINES = 40;

    private final ArrayDeque<String> tail = new ArrayDeque<>();

    void add(String line) {
        if (line.isEmpty()) return;
        if (tail.size() == LINES) tail.removeFirst();
        tail.addLast(line);
    }

    /** The failure of a child that exited with {@code exit}, with the tails of its stdout and of its stderr file. */
    IllegalStateException failure(String what, int exit, Path stderr) throws IOException {
        List<String> errors = Files.readAllLines(stderr);
        StringBuilder message = new StringBuilder(what).append(" (exit ").append(exit).append(")");
        message.append("\n--- stdout, last ").append(tail.size()).append(" lines besides the bench's ---\n");
        tail.forEach(l -> message.append(l).append('\n'));
        message.append("--- stderr, last ").append(Math.min(LINES, errors.size())).append(" lines ---\n");
        errors.subList(Math.max(0, errors.size() - LINES), errors.size()).forEach(l -> message.append(l).append('\n'));
        return new IllegalStateException(message.toString());
    }
}
