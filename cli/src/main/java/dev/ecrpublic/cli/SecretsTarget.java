package dev.ecrpublic.cli;

import dev.ecrpublic.local.LocalSecrets;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;

/**
 * Where {@code credentials} and {@code keys} act: with {@code --secret-id}, that secret in AWS Secrets Manager (SDK
 * defaults: region, credentials chain, {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}); otherwise the local state folder
 * that {@code serve} uses.
 */
sealed interface SecretsTarget extends AutoCloseable {
    record Aws(SecretsManagerClient client, String secretId) implements SecretsTarget {
        @Override
        public void close() {
            client.close();
        }
    }

    record Local(LocalSecrets secrets) implements SecretsTarget {
        @Override
        public void close() {
            secrets.close();
        }
    }

    @Override
    void close();

    static SecretsTarget of(SecretsLocation location) throws IOException {
        if (location.secretId().isPresent())
            return new Aws(SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    location.secretId().get());
        return new Local(LocalSecrets.open(location.state()));
    }
}
