package dev.ecrpublic.local.ecr;

import dev.ecrpublic.authorizer.FunctionEnvironment;
import dev.ecrpublic.authorizer.tags.EcrRepositoryTags;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.policy.RepositoryTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token function's tag reads, through the real SDK client, against the emulated ECR of several accounts. */
class EcrRepositoryTagsTest {
    static final String REGION = "us-east-1";
    static final String OTHER_ACCOUNT = "210987654321";
    static final Duration TTL = Duration.ofSeconds(60);

    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public Instant instant() { return now; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
    }

    final MovingClock clock = new MovingClock();
    final List<String> log = new ArrayList<>();
    EcrEmulator emulator;
    ImageStore own;
    ImageStore other;

    @BeforeEach
    void start() throws IOException {
        own = new ImageStore();
        SampleImages.seed(own);
        emulator = EcrEmulator.start(own, REGION);
        other = emulator.store(OTHER_ACCOUNT, "eu-west-1");
        other.createRepository("app");
        own.tagRepository("hello", Map.of("ecr-public:pull", "anonymous", "team", "platform"));
        other.tagRepository("app", Map.of("ecr-public:pull", "alice"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    EcrRepositoryTags tags(Optional<String> ownRegistryId) {
        return new EcrRepositoryTags(region -> FunctionEnvironment.ecr(region,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Optional.of(emulator.endpoint())), Region.of(REGION), ownRegistryId, clock, log::add);
    }

    @Test
    void ownAndOtherAccountRepositoriesAreReadByTheirArns() {
        RepositoryTags read = tags(Optional.of(EcrEmulator.ACCOUNT_ID)).cachedFor(TTL);
        assertEquals(Map.of("ecr-public:pull", "anonymous", "team", "platform"), read.of(RepositoryLocation.own("hello")));
        assertEquals(Map.of("ecr-public:pull", "alice"),
                read.of(new RepositoryLocation(Optional.of(OTHER_ACCOUNT), Optional.of("eu-west-1"), "app")));
        assertEquals(2, emulator.calls("ListTagsForResource"));
    }

    @Test
    void readsAreRememberedForTheTtlThenReadAgain() {
        RepositoryTags read = tags(Optional.of(EcrEmulator.ACCOUNT_ID)).cachedFor(TTL);
        read.of(RepositoryLocation.own("hello"));
        own.untagRepository("hello", List.of("ecr-public:pull"));
        clock.advance(TTL.minusSeconds(1));
        assertEquals("anonymous", read.of(RepositoryLocation.own("hello")).get("ecr-public:pull"), "still remembered");
        assertEquals(1, emulator.calls("ListTagsForResource"));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(read.of(RepositoryLocation.own("hello")).containsKey("ecr-public:pull"), "read again after the TTL");
        assertEquals(2, emulator.calls("ListTagsForResource"));
    }

    @Test
    void aFailedReadAnswersNoTagsIsLoggedAndRetriedSoon() {
        RepositoryTags read = tags(Optional.of(EcrEmulator.ACCOUNT_ID)).cachedFor(TTL);
        for (EcrFault fault : List.of(EcrFault.THROTTLING, EcrFault.ACCESS_DENIED, EcrFault.SERVER_ERROR)) {
            emulator.inject("ListTagsForResource", fault);
            assertEquals(Map.of(), read.of(RepositoryLocation.own("hello")), fault.name());
            clock.advance(Duration.ofSeconds(5));
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("repository tags unreadable") && l.contains("ThrottlingException")),
                String.join("\n", log));
        emulator.inject("ListTagsForResource", EcrFault.THROTTLING);
        read.of(RepositoryLocation.own("hello"));
        long calls = emulator.calls("ListTagsForResource");
        clock.advance(Duration.ofSeconds(4));
        read.of(RepositoryLocation.own("hello"));
        assertEquals(calls, emulator.calls("ListTagsForResource"), "a failure is remembered briefly, not hammered");
        emulator.clearFaults();
        clock.advance(Duration.ofSeconds(5));
        assertEquals("anonymous", read.of(RepositoryLocation.own("hello")).get("ecr-public:pull"), "recovered");
    }

    @Test
    void primingNeverReachesEcr() {
        EcrRepositoryTags tags = tags(Optional.of(EcrEmulator.ACCOUNT_ID));
        tags.prime();
        assertEquals(0, emulator.callCounts().values().stream().mapToLong(Long::longValue).sum(), "priming stops before the wire");
        assertEquals(List.of(), log);
        assertEquals("anonymous", tags.cachedFor(TTL).of(RepositoryLocation.own("hello")).get("ecr-public:pull"),
                "the primed client then works");
        tags.close();
    }

    @Test
    void anUnknownRepositoryHasNoTags() {
        RepositoryTags read = tags(Optional.of(EcrEmulator.ACCOUNT_ID)).cachedFor(TTL);
        assertEquals(Map.of(), read.of(RepositoryLocation.own("nope")));
        clock.advance(TTL.minusSeconds(1));
        assertEquals(Map.of(), read.of(RepositoryLocation.own("nope")));
        assertEquals(1, emulator.calls("ListTagsForResource"), "an answer, remembered for the TTL like any other");
        assertEquals(List.of(), log, "not a failure: nothing to warn about");
    }

    @Test
    void withoutTheOwnRegistryIdOwnRepositoriesGrantNothing() {
        RepositoryTags read = tags(Optional.empty()).cachedFor(TTL);
        assertEquals(Map.of(), read.of(RepositoryLocation.own("hello")));
        assertEquals(0, emulator.calls("ListTagsForResource"));
        assertTrue(log.stream().anyMatch(l -> l.contains("ECR_REGISTRY_ID")), String.join("\n", log));
        assertEquals(Map.of("ecr-public:pull", "alice"),
                read.of(new RepositoryLocation(Optional.of(OTHER_ACCOUNT), Optional.of("eu-west-1"), "app")),
                "a mapped registry names its account itself");
    }
}
