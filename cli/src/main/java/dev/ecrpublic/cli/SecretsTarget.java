package dev.ecrpublic.cli;

import dev.ecrpublic.local.LocalSecrets;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

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

    static SecretsTarget of(Options o) throws UsageException, IOException {
        Optional<String> secretId = o.get("secret-id");
        if (secretId.isPresent()) {
            if (o.get("state").isPresent()) throw new UsageException("--state and --secret-id exclude each other");
            return new Aws(SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                    secretId.get());
        }
        return new Local(LocalSecrets.open(o.get("state").map(Path::of).orElse(ServeCommand.DEFAULT_STATE)));
    }
}
