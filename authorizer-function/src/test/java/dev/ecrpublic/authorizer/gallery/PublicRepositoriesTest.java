package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.PullTag;
import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublicRepositoriesTest {
    static final String OTHER = "210987654321";

    /** Own registry: hello, private/app, many tag-granted ones; account OTHER: app (mapped under prod/). */
    static final class Listing implements GalleryReads {
        final List<String> own = new ArrayList<>(List.of("hello", "private/app", "tagged/app", "members/app"));

        @Override
        public List<String> repositories(RepositoryLocation registry) {
            if (registry.registryId().equals(Optional.of(OTHER))) return List.of("app", "tools");
            if (registry.registryId().isPresent()) throw new RegistryException(OciError.DENIED);
            return own;
        }

        @Override
        public List<TaggedImage> images(RepositoryLocation repository) {
            return List.of();
        }

        @Override
        public Map<String, List<String>> platforms(RepositoryLocation repository, List<String> indexDigests) {
            return Map.of();
        }
    }

    final List<RepositoryLocation> tagReads = new ArrayList<>();
    final RepositoryTagSource tags = ttl -> location -> {
        tagReads.add(location);
        String name = location.repositoryName();
        if (name.startsWith("tagged/")) return Map.of(PullTag.KEY, "anonymous");
        if (name.equals("members/app")) return Map.of(PullTag.KEY, "authenticated");
        return Map.of();
    };
    final List<String> log = new ArrayList<>();

    PublicRepositories repositories(String policy, Listing listing) {
        return new PublicRepositories(() -> AccessPolicy.parse(policy), listing,
                new BoundedTagReads(tags, Clock.systemUTC()), log::add);
    }

    @Test
    void patternsTagsAndMappedRegistriesDecideAndNothingElse() {
        PublicRepositories r = repositories("""
                {"anonymous": ["hello", "prod/*"], "tagAccess": true, "registries": [
                 {"prefix": "prod/", "registryId": "210987654321", "stripPrefix": true},
                 {"prefix": "denied/", "registryId": "111111111111", "stripPrefix": true}]}""", new Listing());
        assertEquals(List.of("hello", "prod/app", "prod/tools", "tagged/app"), r.names());
        assertEquals(new RepositoryLocation(Optional.of(OTHER), Optional.empty(), "app"), r.locate("prod/app"));
        for (String hidden : List.of("private/app", "members/app", "no/such"))
            assertEquals(OciError.NAME_UNKNOWN, assertThrows(RegistryException.class, () -> r.locate(hidden)).error());
        assertEquals(1, log.stream().filter(l -> l.contains("refuses to list")).count(), log.toString());
    }

    @Test
    void withoutTagAccessNoTagIsRead() {
        PublicRepositories r = repositories("{\"anonymous\": [\"hello\"]}", new Listing());
        assertEquals(List.of("hello"), r.names());
        assertEquals(List.of(), tagReads);
    }

    @Test
    void anUnreadablePolicyListsNothing() {
        PublicRepositories r = new PublicRepositories(() -> {
            throw new RegistryException(OciError.UNAVAILABLE, "access policy unavailable, try again later");
        }, new Listing(), new BoundedTagReads(tags, Clock.systemUTC()), log::add);
        assertEquals(OciError.UNAVAILABLE, assertThrows(RegistryException.class, r::names).error());
        assertEquals(OciError.UNAVAILABLE, assertThrows(RegistryException.class, () -> r.locate("hello")).error());
    }

    @Test
    void aViewReadsABoundedNumberOfTagsAndALaterOneTheRest() {
        Listing listing = new Listing();
        int many = BoundedTagReads.MAX_READS_PER_VIEW + 20;
        for (int i = 0; i < many; i++) listing.own.add("tagged/r%03d".formatted(i));
        PublicRepositories r = repositories("{\"anonymous\": [], \"tagAccess\": true}", listing);
        int first = r.names().size();
        assertEquals(BoundedTagReads.MAX_READS_PER_VIEW, tagReads.size());
        assertEquals(true, first < many, "left out, not let in");
        assertEquals(1, log.stream().filter(l -> l.contains("no budget")).count(), log.toString());
        assertEquals(many + 1, r.names().size(), "tagged/app and all of tagged/r*, now that the rest were read");
    }

    @Test
    void theFallbackPolicyShowsEveryOwnRepository() {
        PublicRepositories r = new PublicRepositories(() -> AccessPolicy.FALLBACK, new Listing(),
                new BoundedTagReads(tags, Clock.systemUTC()), log::add);
        assertEquals(List.of("hello", "members/app", "private/app", "tagged/app"), r.names());
    }
}
