package dev.ecrpublic.local.ecr;

import java.util.Optional;

/**
 * The ECR operations a pull needs (with the referrers API's ListImageReferrers), plus the repository tag operations
 * that tag-based access reads and tests write; these are all the emulator speaks, others are unknown operations to it.
 */
enum EcrOperation {
    BATCH_GET_IMAGE("BatchGetImage"),
    GET_DOWNLOAD_URL_FOR_LAYER("GetDownloadUrlForLayer"),
    BATCH_CHECK_LAYER_AVAILABILITY("BatchCheckLayerAvailability"),
    LIST_IMAGES("ListImages"),
    DESCRIBE_IMAGES("DescribeImages"),
    LIST_IMAGE_REFERRERS("ListImageReferrers"),
    DESCRIBE_REPOSITORIES("DescribeRepositories"),
    LIST_TAGS_FOR_RESOURCE("ListTagsForResource"),
    TAG_RESOURCE("TagResource"),
    UNTAG_RESOURCE("UntagResource");

    /** The X-Amz-Target prefix: ECR's service name in its API model, which still says EC2. */
    static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";

    final String wireName;

    EcrOperation(String wireName) {
        this.wireName = wireName;
    }

    static Optional<EcrOperation> named(String name) {
        for (EcrOperation operation : values()) if (operation.wireName.equals(name)) return Optional.of(operation);
        return Optional.empty();
    }
}
