package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.registry.RegistryException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one OCI image layout into what a push of it would store, without touching the store, so that a layout with
 * a fault imports nothing. Descriptors in index.json and in indexes name manifests; those in a manifest name blobs.
 */
final class OciLayoutReader {
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    record Manifest(Digest digest, byte[] bytes, String mediaType) {}

    /** In push order: blobs, then each manifest after everything it references, then tags. */
    record Contents(List<ImageStore.Blob> blobs, List<Manifest> manifests, Map<String, Digest> tags) {}

    private final Path layout;
    private final ObjectMapper mapper;
    private final Map<Digest, ImageStore.Blob> blobs = new LinkedHashMap<>();
    private final Map<Digest, Manifest> manifests = new LinkedHashMap<>();
    private final Map<String, Digest> tags = new LinkedHashMap<>();

    private OciLayoutReader(Path layout, ObjectMapper mapper) {
        this.layout = layout;
        this.mapper = mapper;
    }

    static Contents read(Path layout, ObjectMapper mapper) throws IOException {
        OciLayoutReader reader = new OciLayoutReader(layout, mapper);
        Path index = layout.resolve("index.json");
        if (!Files.isRegularFile(index)) throw new IOException("OCI layout " + layout + " has no index.json");
        for (JsonNode descriptor : reader.parse(Files.readAllBytes(index), index).path("manifests")) {
            Digest digest = reader.readManifest(descriptor, index);
            Optional<String> tag = tag(descriptor.path("annotations").path(REF_NAME).asText(""));
            if (tag.isPresent()) {
                if (!EcrConstraints.isImageTag(tag.get()))
                    throw new IOException(index + ": '" + tag.get() + "' is not a tag ECR accepts");
                reader.tags.put(tag.get(), digest);
            }
        }
        return new Contents(List.copyOf(reader.blobs.values()), List.copyOf(reader.manifests.values()),
                Map.copyOf(reader.tags));
    }

    /**
     * skopeo writes the bare tag; other tools write a whole reference such as {@code host:5000/name:tag}. The tag is
     * whatever follows the last ':' after the last '/'; a reference with no such ':' (or pinned by digest) has none.
     */
    static Optional<String> tag(String refName) {
        int at = refName.indexOf('@');
        String reference = at >= 0 ? refName.substring(0, at) : refName;
        if (reference.isEmpty()) return Optional.empty();
        int slash = reference.lastIndexOf('/');
        int colon = reference.indexOf(':', slash + 1);
        if (colon >= 0) return Optional.of(reference.substring(colon + 1));
        return slash < 0 && at < 0 ? Optional.of(reference) : Optional.empty();
    }

    private Digest readManifest(JsonNode descriptor, Path referrer) throws IOException {
        Digest digest = digest(descriptor, referrer);
        if (manifests.containsKey(digest)) return digest;
        Path file = blobFile(digest);
        if (!Files.isRegularFile(file))
            throw new IOException("manifest " + file + " (referenced from " + referrer + ") is missing");
        byte[] bytes = Files.readAllBytes(file);
        if (!digest.matches(bytes)) throw new IOException(file + " does not hash to its name");
        JsonNode manifest = parse(bytes, file);
        String mediaType = text(descriptor, "mediaType").or(() -> text(manifest, "mediaType"))
                .orElseThrow(() -> new IOException("manifest " + file + " has no media type, neither in its"
                        + " descriptor in " + referrer + " nor in itself"));

        JsonNode children = manifest.path("manifests");
        if (children.isArray()) {
            for (JsonNode child : children) readManifest(child, file);
        } else {
            if (manifest.has("config")) readBlob(manifest.path("config"), file);
            for (JsonNode layer : manifest.path("layers")) readBlob(layer, file);
        }
        manifests.put(digest, new Manifest(digest, bytes, mediaType));
        return digest;
    }

    private void readBlob(JsonNode descriptor, Path manifest) throws IOException {
        Digest digest = digest(descriptor, manifest);
        String mediaType = text(descriptor, "mediaType").orElse("application/octet-stream");
        Path file = blobFile(digest);
        if (!Files.isRegularFile(file)) {
            // Foreign layers live at their URLs, not in the layout; tools rightly leave them out.
            if (nonDistributable(mediaType)) return;
            throw new IOException("blob " + file + " (referenced from " + manifest + ") is missing");
        }
        long size = descriptor.path("size").asLong(-1);
        // Sizes, not digests, are checked: hashing every layer would make start-up as slow as the layers are large.
        if (Files.size(file) != size)
            throw new IOException("blob " + file + " is " + Files.size(file) + " bytes; " + manifest + " says " + size);
        blobs.putIfAbsent(digest, new ImageStore.Blob(digest, mediaType, new ImageStore.BlobContent.OnDisk(file)));
    }

    private static boolean nonDistributable(String mediaType) {
        return mediaType.contains(".foreign.") || mediaType.contains(".nondistributable.");
    }

    private Path blobFile(Digest digest) {
        String value = digest.value();
        int colon = value.indexOf(':');
        return layout.resolve("blobs").resolve(value.substring(0, colon)).resolve(value.substring(colon + 1));
    }

    private static Digest digest(JsonNode descriptor, Path referrer) throws IOException {
        String value = descriptor.path("digest").asText("");
        try {
            return new Digest(value);
        } catch (RegistryException e) {
            throw new IOException(referrer + ": digest '" + value + "' cannot be stored in ECR ("
                    + e.getMessage() + ")");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isEmpty() ? Optional.of(value.textValue()) : Optional.empty();
    }

    private JsonNode parse(byte[] bytes, Path file) throws IOException {
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) throw new IOException(file + " is not a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
