package dev.ecrpublic.policy;

import dev.ecrpublic.reference.Grammar;

import java.util.regex.Pattern;

/**
 * A repository pattern from the access policy: {@code *} matches within one path segment, {@code **} across segments.
 * Validated and compiled once when the policy loads, so matching a request can never hit a bad pattern.
 */
public final class RepositoryGlob {
    /** Repository-name characters plus the wildcard; anything else (regex metacharacters, uppercase) is refused. */
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9._/*-]+");

    private final String pattern;
    private final Pattern compiled;

    private RepositoryGlob(String pattern, Pattern compiled) {
        this.pattern = pattern;
        this.compiled = compiled;
    }

    public static RepositoryGlob parse(String pattern) {
        if (pattern == null || pattern.isEmpty()) throw new PolicyException("repository pattern must not be empty");
        String shown = pattern.length() > 80 ? pattern.substring(0, 80) + "..." : pattern;
        if (pattern.length() > Grammar.NAME_MAX_LENGTH)
            throw new PolicyException("repository pattern longer than " + Grammar.NAME_MAX_LENGTH + ": " + shown);
        if (!ALLOWED.matcher(pattern).matches())
            throw new PolicyException("repository pattern has characters outside [a-z0-9._/*-]: " + shown);
        StringBuilder regex = new StringBuilder();
        String[] segments = pattern.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) throw new PolicyException("repository pattern has an empty segment: " + shown);
            if (i > 0) regex.append('/');
            if (segment.equals("**")) {
                regex.append(".*");
            } else if (segment.contains("**")) {
                throw new PolicyException("'**' must be a whole segment in repository pattern: " + shown);
            } else {
                for (String literal : segment.split("\\*", -1)) {
                    if (!literal.isEmpty()) regex.append(Pattern.quote(literal));
                    regex.append("[^/]*");
                }
                regex.setLength(regex.length() - "[^/]*".length());
            }
        }
        return new RepositoryGlob(pattern, Pattern.compile(regex.toString()));
    }

    public boolean matches(String name) {
        return name != null && compiled.matcher(name).matches();
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepositoryGlob other && other.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
