package dev.ecrpublic.reference;

import java.util.regex.Pattern;

/**
 * The one owner of the distribution grammar. Fragments are named once, as the OCI distribution spec writes them, and
 * every other pattern (routes, scopes) is built from them so that nobody retypes a regex.
 */
public final class Grammar {
    private Grammar() {}

    /** One path component of a repository name: lowercase alphanumerics joined by '.', '_', '__' or dashes. */
    public static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    /** A repository name: components joined by single slashes. */
    public static final String NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    public static final String TAG = "[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}";
    public static final String DIGEST_ALGORITHM = "[a-z0-9]+(?:[+._-][a-z0-9]+)*";
    public static final String DIGEST_ENCODED = "[a-zA-Z0-9=_-]+";
    public static final String DIGEST = DIGEST_ALGORITHM + ":" + DIGEST_ENCODED;

    /** Repository names longer than this cannot be named in an IAM resource ARN (512 characters in all). */
    public static final int NAME_MAX_LENGTH = 256;

    public static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    public static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    public static final Pattern DIGEST_PATTERN = Pattern.compile(DIGEST);
    public static final Pattern SHA256_PATTERN = Pattern.compile("sha256:[a-f0-9]{64}");
}
