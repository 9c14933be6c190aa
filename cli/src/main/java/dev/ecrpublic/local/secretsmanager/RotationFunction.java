package dev.ecrpublic.local.secretsmanager;

/**
 * What the emulator's {@code RotateSecret} invokes for each of the four steps, in place of the Lambda function real
 * Secrets Manager would call with {@code {"SecretId": arn, "ClientRequestToken": token, "Step": step}}. A step fails
 * by throwing.
 */
@FunctionalInterface
public interface RotationFunction {
    void step(String secretArn, String clientRequestToken, String step);
}
