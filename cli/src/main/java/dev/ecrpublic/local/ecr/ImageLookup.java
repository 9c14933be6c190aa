package dev.ecrpublic.local.ecr;

import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.Grammar;

import java.util.Optional;

/**
 * Resolves one {@code ImageIdentifier} in a repository. BatchGetImage reports the outcome per image in
 * {@code failures}; DescribeImages turns any failure into an exception for the whole call.
 */
final class ImageLookup {
    enum FailureCode {
        IMAGE_NOT_FOUND("ImageNotFound"),
        INVALID_IMAGE_TAG("InvalidImageTag"),
        INVALID_IMAGE_DIGEST("InvalidImageDigest"),
        MISSING_DIGEST_AND_TAG("MissingDigestAndTag"),
        IMAGE_TAG_DOES_NOT_MATCH_DIGEST("ImageTagDoesNotMatchDigest");

        final String wireName;

        FailureCode(String wireName) {
            this.wireName = wireName;
        }
    }

    sealed interface Result {}

    record Found(ImageStore.Manifest manifest, Optional<String> tag) implements Result {}

    record Failed(FailureCode code, String reason) implements Result {}

    private final ImageStore store;

    ImageLookup(ImageStore store) {
        this.store = store;
    }

    Result resolve(String repository, AwsJsonRequest imageId) {
        Optional<String> tag = imageId.string("imageTag");
        Optional<String> digest = imageId.string("imageDigest");
        if (tag.isEmpty() && digest.isEmpty())
            return new Failed(FailureCode.MISSING_DIGEST_AND_TAG,
                    "Invalid request parameters: both tag and digest cannot be null");
        if (tag.isPresent() && !EcrConstraints.isImageTag(tag.get()))
            return new Failed(FailureCode.INVALID_IMAGE_TAG, "Invalid request parameters: image tag should satisfy"
                    + " the regex '" + EcrConstraints.IMAGE_TAG + "' and be at most " + EcrConstraints.IMAGE_TAG_MAX
                    + " characters");
        if (digest.isPresent() && !EcrConstraints.isDigest(digest.get()))
            return new Failed(FailureCode.INVALID_IMAGE_DIGEST,
                    "Invalid request parameters: image digest should satisfy the regex '"
                            + EcrConstraints.DIGEST + "'");

        Optional<Digest> byTag = tag.flatMap(t -> store.resolveTag(repository, t));
        if (tag.isPresent() && byTag.isEmpty()) return notFound();
        if (digest.isPresent()) {
            Optional<Digest> requested = sha256(digest.get());
            if (requested.isEmpty()) return notFound();
            if (byTag.isPresent() && !byTag.get().equals(requested.get()))
                return new Failed(FailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST,
                        "Invalid request parameters: given tag does not map to the given digest");
            byTag = requested;
        }
        return store.manifest(repository, byTag.orElseThrow())
                .<Result>map(manifest -> new Found(manifest, tag))
                .orElseGet(ImageLookup::notFound);
    }

    /** Other algorithms and upper-case hex pass ECR's digest regex but can name nothing ECR stores. */
    private static Optional<Digest> sha256(String digest) {
        return Grammar.SHA256_PATTERN.matcher(digest).matches() ? Optional.of(new Digest(digest)) : Optional.empty();
    }

    private static Failed notFound() {
        return new Failed(FailureCode.IMAGE_NOT_FOUND, "Requested image not found");
    }
}
