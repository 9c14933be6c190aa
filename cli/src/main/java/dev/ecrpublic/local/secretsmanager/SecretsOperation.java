package dev.ecrpublic.local.secretsmanager;

import java.util.Optional;

/** The Secrets Manager operations that key rotation and issued credentials need; others are unknown to the emulator. */
enum SecretsOperation {
    CREATE_SECRET("CreateSecret"),
    GET_SECRET_VALUE("GetSecretValue"),
    PUT_SECRET_VALUE("PutSecretValue"),
    DESCRIBE_SECRET("DescribeSecret"),
    UPDATE_SECRET_VERSION_STAGE("UpdateSecretVersionStage"),
    LIST_SECRET_VERSION_IDS("ListSecretVersionIds"),
    ROTATE_SECRET("RotateSecret");

    /** The X-Amz-Target prefix: the service name in Secrets Manager's API model. */
    static final String TARGET_PREFIX = "secretsmanager.";

    final String wireName;

    SecretsOperation(String wireName) {
        this.wireName = wireName;
    }

    static Optional<SecretsOperation> named(String name) {
        for (SecretsOperation operation : values()) if (operation.wireName.equals(name)) return Optional.of(operation);
        return Optional.empty();
    }
}
