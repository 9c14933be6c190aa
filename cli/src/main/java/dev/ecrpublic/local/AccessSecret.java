package dev.ecrpublic.local;

import dev.ecrpublic.policy.AccessDocument;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The writing side of the access secret (policy and issued credentials), for the CLI and {@code serve}; the token
 * function only reads it. Works the same against AWS and against the local Secrets Manager emulator.
 */
public record AccessSecret(SecretsManagerClient secrets, String secretId) {
    public static final String DEFAULT_ID = "ecr-public/access";

    /** The current document; an absent secret reads as an empty one (no policy, no credentials). */
    public AccessDocument read() {
        try {
            return AccessDocument.parse(secrets.getSecretValue(r -> r.secretId(secretId)).secretString());
        } catch (ResourceNotFoundException e) {
            return new AccessDocument(Optional.empty(), List.of());
        }
    }

    /**
     * Reads, changes and writes the document as a new AWSCURRENT version. Secrets Manager has no compare-and-set, so
     * two operators editing at the same instant could lose one edit; the CLI is the only writer and runs by hand.
     */
    public AccessDocument update(UnaryOperator<AccessDocument> change) {
        AccessDocument updated = change.apply(read());
        String json = updated.toJson();
        try {
            secrets.putSecretValue(r -> r.secretId(secretId).secretString(json));
        } catch (ResourceNotFoundException e) {
            secrets.createSecret(r -> r.name(secretId).secretString(json)
                    .description("ecr-public access policy and issued credentials (hashes only)"));
        }
        return updated;
    }
}
