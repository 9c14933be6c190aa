package dev.ecrpublic.local.ecr;

import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * ECR's paging: listings come back in no documented order, cut into pages joined by opaque {@code nextToken}s. Ours
 * order entries by time, then by a hash of their identity, so that a client relying on lexical order (tags, names)
 * breaks here as it would against ECR. A token names the position to resume at rather than an offset, so entries that
 * stay put between calls are neither repeated nor skipped when others come or go.
 */
final class Pages {
    private Pages() {}

    record Page<T>(List<T> items, Optional<String> nextToken) {}

    /** maxResults and nextToken as a listing operation receives them; scope ties a token to one listing. */
    record Window(int maxResults, Optional<String> nextToken, String scope) {
        static Window of(AwsJsonRequest request, String scope) {
            return of(request, scope, EcrConstraints.MAX_RESULTS, EcrConstraints.DEFAULT_MAX_RESULTS);
        }

        /** For an operation whose maxResults runs from 1 to {@code max}, {@code byDefault} when absent. */
        static Window of(AwsJsonRequest request, String scope, int max, int byDefault) {
            int maxResults = request.integer("maxResults").orElse(byDefault);
            if (maxResults < 1)
                throw AwsJsonError.invalidParameter("maxResults", "Member must have value greater than or equal to 1");
            if (maxResults > max)
                throw AwsJsonError.invalidParameter("maxResults", "Member must have value less than or equal to " + max);
            return new Window(maxResults, request.string("nextToken"), scope);
        }
    }

    /** ECR documents maxResults and nextToken as unusable together with an explicit list of what to describe. */
    static void refusePagingWith(AwsJsonRequest request, String listField) {
        for (String paging : List.of("maxResults", "nextToken"))
            if (request.has(paging)) throw AwsJsonError.invalidParameter(paging, "cannot be used with " + listField);
    }

    /** A position that sorts by time first and then pseudo-randomly, never by the identity's spelling. */
    static String position(Instant at, String identity) {
        long nanos = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
        return String.format("%020d", nanos) + "-" + sha256Hex(identity);
    }

    static <T> Page<T> page(List<T> items, Function<T, String> positionOf, Window window) {
        List<T> ordered = items.stream().sorted(Comparator.comparing(positionOf)).toList();
        int start = window.nextToken().map(token -> firstAtOrAfter(ordered, positionOf, decode(token, window.scope())))
                .orElse(0);
        int end = Math.min(ordered.size(), start + window.maxResults());
        Optional<String> next = end < ordered.size()
                ? Optional.of(encode(window.scope(), positionOf.apply(ordered.get(end))))
                : Optional.empty();
        return new Page<>(ordered.subList(start, end), next);
    }

    private static <T> int firstAtOrAfter(List<T> ordered, Function<T, String> positionOf, String position) {
        for (int i = 0; i < ordered.size(); i++)
            if (positionOf.apply(ordered.get(i)).compareTo(position) >= 0) return i;
        return ordered.size();
    }

    private static String encode(String scope, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, String scope) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
        String prefix = scope + "\n";
        if (!decoded.startsWith(prefix)) throw invalidToken();
        return decoded.substring(prefix.length());
    }

    private static AwsJsonError invalidToken() {
        return AwsJsonError.invalidParameter("nextToken", "Invalid NextToken");
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
