package dev.ecrpublic.proxy.ecr;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** One client per region, built on first use and then reused; the own region's is the one built at start. */
class EcrClientsTest {
    @Test
    void oneClientPerRegionReused() {
        try (EcrClients clients = EcrClients.create(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                Optional.of(URI.create("http://127.0.0.1:9")), new EcrCalls())) {
            assertSame(clients.home(), clients.in(Optional.empty()));
            assertSame(clients.home(), clients.in(Optional.of("us-east-1")), "the own region named explicitly");
            EcrClient eu = clients.in(Optional.of("eu-west-1"));
            assertNotSame(clients.home(), eu);
            assertSame(eu, clients.in(Optional.of("eu-west-1")));
            assertEquals(Region.EU_WEST_1, eu.serviceClientConfiguration().region());
        }
    }
}
