package dev.ecrpublic.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code --output} of the listing commands: aligned columns for people, JSON for scripts. */
enum ListingFormat {
    table, json;

    /** Times as people read them in a listing: UTC to the second. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Rows (the first one the header) as columns two spaces apart, each as wide as its widest cell. */
    static String columns(List<List<String>> rows) {
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> row : rows)
            for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], row.get(i).length());
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
