package dev.ecrpublic.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where {@code credentials}, {@code keys} and {@code policy} act: the options they share, at most one of them. */
final class SecretsLocation {
    @ArgGroup(exclusive = true)
    Choice choice;

    static final class Choice {
        @Option(names = "--state", paramLabel = "DIR",
                description = "The local state folder serve uses; default: the folder named .ecr-public here.")
        Path state;

        @Option(names = "--secret-id", paramLabel = "ID",
                description = "Act on this secret in AWS Secrets Manager instead (the SDK's region, credentials and "
                        + "AWS_ENDPOINT_URL_SECRETS_MANAGER).")
        String secretId;
    }

    Optional<String> secretId() {
        return Optional.ofNullable(choice).map(c -> c.secretId);
    }

    Path state() {
        return choice == null || choice.state == null ? ServeCommand.DEFAULT_STATE : choice.state;
    }
}
