package dev.ecrpublic.local.ecr;

import java.util.regex.Pattern;

/**
 * ECR's own input constraints, as its API model and error messages state them. They differ from the distribution
 * grammar in {@code Grammar} on purpose: ECR tags may start with '-' or '.' and run to 300 characters, and repository
 * names allow no '__' or repeated dashes. The emulator must reject what ECR rejects, not what the proxy would.
 */
final class EcrConstraints {
    private EcrConstraints() {}

    static final String REPOSITORY_NAME = "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*";
    static final int REPOSITORY_NAME_MIN = 2;
    static final int REPOSITORY_NAME_MAX = 256;
    static final String REGISTRY_ID = "[0-9]{12}";
    static final String IMAGE_TAG = "[a-zA-Z0-9-_.]+";
    static final int IMAGE_TAG_MAX = 300;
    /** Any algorithm passes this; only sha256 content can exist, so the rest is simply never found. */
    static final String DIGEST = "[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+";
    static final int MAX_RESULTS = 1000;
    static final int DEFAULT_MAX_RESULTS = 100;
    static final int BATCH_MAX = 100;
    /** ListImageReferrers pages by at most 50, and by 50 when maxResults is absent (its API reference). */
    static final int REFERRERS_MAX_RESULTS = 50;

    static final Pattern REPOSITORY_NAME_PATTERN = Pattern.compile(REPOSITORY_NAME);
    static final Pattern REGISTRY_ID_PATTERN = Pattern.compile(REGISTRY_ID);
    static final Pattern IMAGE_TAG_PATTERN = Pattern.compile(IMAGE_TAG);
    static final Pattern DIGEST_PATTERN = Pattern.compile(DIGEST);

    static boolean isImageTag(String tag) {
        return tag.length() <= IMAGE_TAG_MAX && IMAGE_TAG_PATTERN.matcher(tag).matches();
    }

    static boolean isDigest(String digest) {
        return DIGEST_PATTERN.matcher(digest).matches();
    }
}
