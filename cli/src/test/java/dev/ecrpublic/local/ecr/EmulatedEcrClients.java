package dev.ecrpublic.local.ecr;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Tag;

import java.net.URI;

/** A real SDK client signing for a region of the emulated ECR, and the ARNs and tags tests hand it. */
public final class EmulatedEcrClients {
    private EmulatedEcrClients() {
    }
    public static EcrClient client(URI endpoint, String region) {
        return EcrClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static String arn(String region, String account, String repository) {
        return "arn:aws:ecr:" + region + ":" + account + ":repository/" + repository;
    }

    public static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
