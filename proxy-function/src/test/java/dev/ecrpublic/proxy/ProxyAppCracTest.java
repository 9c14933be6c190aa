package dev.ecrpublic.proxy;

import dev.ecrpublic.proxy.ecr.EcrApi;
import dev.ecrpublic.proxy.ecr.EcrCalls;
import dev.ecrpublic.proxy.ecr.EcrClients;
import dev.ecrpublic.proxy.ecr.EcrJsonApi;
import dev.ecrpublic.proxy.ecr.EcrSdkApi;
import dev.ecrpublic.proxy.registry.AuthMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SnapStart hooks run offline: priming exercises the request path and an ECR call that never leaves, on the path
 * the function uses (signed JSON calls) and on the SDK client's.
 */
class ProxyAppCracTest {
    @ParameterizedTest
    @ValueSource(strings = {"json", "json over https", "sdk"})
    void beforeCheckpointPrimesWithoutNetworkAndAfterRestoreIsSafe(String path) throws IOException {
        try (ServerSocket ecrStandIn = new ServerSocket()) {
            ecrStandIn.bind(new InetSocketAddress("127.0.0.1", 0));
            AtomicInteger connections = new AtomicInteger();
            Thread accepting = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        ecrStandIn.accept().close();
                        connections.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            String scheme = path.endsWith("https") ? "https" : "http";
            URI endpoint = URI.create(scheme + "://127.0.0.1:" + ecrStandIn.getLocalPort());
            List<String> log = new ArrayList<>();
            EcrCalls calls = new EcrCalls();
            AwsCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));
            try (EcrApi ecr = path.equals("sdk")
                    ? new EcrSdkApi(EcrClients.create(Region.EU_WEST_1, credentials, Optional.of(endpoint), calls))
                    : EcrJsonApi.create("eu-west-1", credentials, Optional.of(endpoint), calls)) {
                ProxyApp app = new ProxyApp(ecr, calls, AuthMode.TOKEN, log::add);
                assertDoesNotThrow(() -> app.beforeCheckpoint(null));
                assertDoesNotThrow(() -> app.afterRestore(null));
                assertDoesNotThrow(() -> app.beforeCheckpoint(null), "a second checkpoint primes again");
            }
            ecrStandIn.close();
            accepting.join(5000);
            assertEquals(0, connections.get(), "priming never opened a connection to ECR");
            assertEquals(List.of(), log, "priming writes no request log lines");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
