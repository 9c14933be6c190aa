package dev.ecrpublic.authorizer.gallery;

import java.time.Instant;
import java.util.List;

/** One tag as the gallery shows it; {@code platforms} is empty for a single-platform image (no index to read). */
record TagRow(String tag, String digest, List<String> platforms, long size, Instant pushedAt) {
    TagRow {
        platforms = List.copyOf(platforms);
    }
}
