package dev.ecrpublic.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small formatting and order statistics shared by the report. */
final class Stats {
    private Stats() {}

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) return Double.NaN;
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 100 ? "%.1f ms" : "%.0f ms", millis);
    }

    static String us(double micros) {
        return String.format(Locale.ROOT, Math.abs(micros) < 100 ? "%.1f µs" : "%.0f µs", micros);
    }

    static String mib(double mib) {
        return String.format(Locale.ROOT, "%.0f MiB", mib);
    }

    static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** "met" or "missed by X" against an upper bound, X formatted like the value. */
    static String verdict(double value, double target, java.util.function.DoubleFunction<String> format) {
        if (Double.isNaN(value)) return "n/a";
        return value <= target ? "**met**" : "**missed** by " + format.apply(value - target);
    }

    static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    static String separator(int columns) {
        String[] cells = new String[columns];
        Arrays.fill(cells, "---");
        return row(cells);
    }
}
