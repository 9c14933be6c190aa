package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.reference.Digest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The image a fresh local registry serves: {@code hello:latest}, a two-platform OCI index whose platform images each
 * hold one small text file. Every byte is fixed, so its digests are the same on every machine and every run. It is
 * made to be pulled; with no shell or binaries inside, running it fails.
 */
public final class SampleImages {
    public static final String REPOSITORY = "hello";
    public static final String TAG = "latest";

    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    /** The artifact type of the sample referrer: our own, so that no verifier takes it for one of its signatures. */
    public static final String SIGNATURE_TYPE = "application/vnd.dev.ecrpublic.sample-signature.v1+json";
    /** OCI 1.1's empty descriptor: the config of an artifact that has none. */
    static final String EMPTY = "application/vnd.oci.empty.v1+json";

    /** The moment all sample content claims to be from; any fixed instant would do. */
    private static final Instant CREATED = Instant.parse("2024-01-01T00:00:00Z");
    private static final String FILE = "hello.txt";

    record Platform(String os, String architecture) {
        String name() {
            return os + "/" + architecture;
        }
    }

    static final List<Platform> PLATFORMS = List.of(new Platform("linux", "amd64"), new Platform("linux", "arm64"));

    private record Descriptor(String mediaType, Digest digest, long size) {
        ObjectNode toJson(ObjectMapper mapper) {
            return mapper.createObjectNode()
                    .put("mediaType", mediaType)
                    .put("digest", digest.value())
                    .put("size", size);
        }
    }

    private SampleImages() {}

    /** Stores the sample image as a push would: blobs first, then platform manifests, then the tagged index. */
    public static void seed(ImageStore store) {
        seed(store, REPOSITORY);
    }

    /** The same image (same digests) as {@code repository:latest}, e.g. to try access rules on several repositories. */
    public static void seed(ImageStore store, String repository) {
        ObjectMapper mapper = new ObjectMapper();
        store.createRepository(repository);
        ObjectNode index = mapper.createObjectNode().put("schemaVersion", 2).put("mediaType", INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (Platform platform : PLATFORMS) {
            Descriptor manifest = pushPlatformImage(store, repository, mapper, platform);
            ObjectNode entry = manifest.toJson(mapper);
            entry.putObject("platform").put("architecture", platform.architecture()).put("os", platform.os());
            manifests.add(entry);
        }
        Digest indexDigest = store.putManifest(repository, json(mapper, index), INDEX);
        store.tag(repository, TAG, indexDigest);
    }

    /**
     * Adds to {@code repository:latest} (seeded before) a referrer, as an OCI 1.1 signature is pushed: an artifact
     * manifest whose {@code subject} is the index. It is signature-like, not a signature: its one layer is a JSON note
     * naming the index, and its type is ours. Untagged, so tag lists and counts of tagged images stay as they were.
     * Returns the artifact's digest.
     */
    public static Digest seedReferrer(ImageStore store, String repository) {
        ObjectMapper mapper = new ObjectMapper();
        Digest indexDigest = store.resolveTag(repository, TAG).orElseThrow(
                () -> new IllegalStateException(repository + ":" + TAG + " is seeded first"));
        ImageStore.Manifest index = store.manifest(repository, indexDigest).orElseThrow();
        ObjectNode note = mapper.createObjectNode().put("subject", indexDigest.value())
                .put("note", "a sample for the referrers API, not a real signature");
        Descriptor config = pushBlob(store, repository, EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
        Descriptor layer = pushBlob(store, repository, SIGNATURE_TYPE, json(mapper, note));

        ObjectNode manifest = mapper.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST)
                .put("artifactType", SIGNATURE_TYPE);
        manifest.set("config", config.toJson(mapper));
        manifest.putArray("layers").add(layer.toJson(mapper));
        manifest.set("subject", new Descriptor(index.mediaType(), indexDigest, index.bytes().length).toJson(mapper));
        manifest.putObject("annotations")
                .put("org.opencontainers.image.created", CREATED.toString())
                .put("org.opencontainers.image.description", "ecr-public sample signature-like artifact");
        return store.putManifest(repository, json(mapper, manifest), MANIFEST);
    }

    private static Descriptor pushPlatformImage(ImageStore store, String repository, ObjectMapper mapper,
                                                Platform platform) {
        byte[] text = ("Hello from " + platform.name() + "!\n").getBytes(StandardCharsets.UTF_8);
        SingleFileLayer layer = SingleFileLayer.of(FILE, text, CREATED);
        Descriptor layerBlob = pushBlob(store, repository, LAYER, layer.gzip());
        Descriptor configBlob = pushBlob(store, repository, CONFIG, json(mapper, config(mapper, platform, layer)));

        ObjectNode manifest = mapper.createObjectNode().put("schemaVersion", 2).put("mediaType", MANIFEST);
        manifest.set("config", configBlob.toJson(mapper));
        manifest.putArray("layers").add(layerBlob.toJson(mapper));
        byte[] bytes = json(mapper, manifest);
        return new Descriptor(MANIFEST, store.putManifest(repository, bytes, MANIFEST), bytes.length);
    }

    /** diff_ids name the uncompressed archives: that is what runtimes verify after unpacking. */
    private static ObjectNode config(ObjectMapper mapper, Platform platform, SingleFileLayer layer) {
        ObjectNode config = mapper.createObjectNode()
                .put("created", CREATED.toString())
                .put("architecture", platform.architecture())
                .put("os", platform.os());
        config.putObject("config").putArray("Cmd").add("cat").add("/" + FILE);
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(Digest.sha256Of(layer.tar()).value());
        config.putArray("history").addObject()
                .put("created", CREATED.toString())
                .put("created_by", "ecr-public sample image: COPY " + FILE + " /");
        return config;
    }

    private static Descriptor pushBlob(ImageStore store, String repository, String mediaType, byte[] bytes) {
        Digest digest = Digest.sha256Of(bytes);
        store.putBlob(repository, new ImageStore.Blob(digest, mediaType, new ImageStore.BlobContent.InMemory(bytes)));
        return new Descriptor(mediaType, digest, bytes.length);
    }

    private static byte[] json(ObjectMapper mapper, ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }
}
