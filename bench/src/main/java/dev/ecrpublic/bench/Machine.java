package dev.ecrpublic.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the numbers were measured on, for the report's header. */
final class Machine {
    private Machine() {}

    static String cpu() {
        String model = firstValue(Path.of("/proc/cpuinfo"), "model name");
        return Runtime.getRuntime().availableProcessors() + " cores, " + (model == null ? "unknown CPU" : model);
    }

    static String memory() {
        String total = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        if (total == null) return "unknown";
        long kib = Long.parseLong(total.replaceAll("[^0-9]", ""));
        return String.format(java.util.Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
    }

    static String os() {
        String pretty = null;
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release")))
                if (line.startsWith("PRETTY_NAME=")) pretty = line.substring(12).replace("\"", "");
        } catch (IOException e) {
            // not Linux, or a minimal one
        }
        String kernel = read(Path.of("/proc/sys/kernel/osrelease"));
        return (pretty == null ? System.getProperty("os.name") : pretty) + ", kernel "
                + (kernel == null ? System.getProperty("os.version") : kernel.trim());
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here, and in every number. */
    static String load() {
        String avg = read(Path.of("/proc/loadavg"));
        if (avg == null) return "unknown";
        String[] parts = avg.trim().split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    static String javaVersion(String java) {
        return String.join(" / ", command(List.of(java, "-version"), null).lines().map(String::trim).toList());
    }

    static String commit(Path repo) {
        String head = command(List.of("git", "rev-parse", "--short=12", "HEAD"), repo).trim();
        if (head.isEmpty() || head.contains("fatal") || head.contains("not found")) return "unknown (no git)";
        String dirty = command(List.of("git", "status", "--porcelain", "--untracked-files=no"), repo).trim();
        return head + (dirty.isEmpty() ? "" : " + uncommitted changes");
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) return line.substring(colon + 1).trim();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static String command(List<String> command, Path dir) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (dir != null) builder.directory(dir.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }
}
