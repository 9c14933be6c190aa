package dev.ecrpublic.e2e;

import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.SampleImages;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A token-auth registry whose policy maps {@code prod/} to a second account and {@code dr/} to a second region, with
 * tag access on and a tag cache of {@link #TAG_TTL_SECONDS}: what the real-client tests of issue 7 pull through.
 * <ul>
 *   <li>{@code prod/app}, {@code prod/team}: repositories {@code app}, {@code team} of account {@link #IMAGES_ACCOUNT};</li>
 *   <li>{@code dr/replica}: repository {@code replica} of the own account in {@link #DR_REGION};</li>
 *   <li>{@code tagged/app}: an own repository no pattern covers, for tags to open and close.</li>
 * </ul>
 */
final class CrossRegistryFixture {
    static final String IMAGES_ACCOUNT = "210987654321";
    static final String DR_REGION = "us-west-2";
    static final int TAG_TTL_SECONDS = 2;
    static final String POLICY = """
            {"anonymous": ["hello", "prod/app", "dr/replica"],
             "tagAccess": true, "tagCacheSeconds": %d,
             "registries": [
               {"prefix": "prod/", "registryId": "%s", "region": "%s", "stripPrefix": true},
               {"prefix": "dr/", "region": "%s", "stripPrefix": true}]}"""
            .formatted(TAG_TTL_SECONDS, IMAGES_ACCOUNT, EcrEmulator.DEFAULT_REGION, DR_REGION);

    private CrossRegistryFixture() {
    }

    static TokenRegistry start() throws IOException {
        TokenRegistry registry = TokenRegistry.start(Optional.of(POLICY), "tagged/app");
        try {
            SampleImages.seed(imagesAccount(registry), "app");
            SampleImages.seed(imagesAccount(registry), "team");
            SampleImages.seed(drRegion(registry), "replica");
            return registry;
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
    }

    static ImageStore imagesAccount(TokenRegistry registry) {
        return registry.registry().ecr().store(IMAGES_ACCOUNT, EcrEmulator.DEFAULT_REGION);
    }

    static ImageStore drRegion(TokenRegistry registry) {
        return registry.registry().ecr().store(EcrEmulator.ACCOUNT_ID, DR_REGION);
    }

    static void tag(ImageStore store, String repository, String who) {
        store.tagRepository(repository, Map.of("ecr-public:pull", who));
    }

    /** Long enough for every remembered tag read to be forgotten. */
    static void waitOutTheTagCache() {
        try {
            Thread.sleep(TAG_TTL_SECONDS * 1000L + 500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
