package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonProtocol;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.registry.RegistryException;

import java.io.IOException;
import java.util.Optional;

/** The {@code ImageDetail} that DescribeImages returns, with the figures ECR derives from the manifest. */
final class ImageDetails {
    private final ImageStore store;
    private final ObjectMapper mapper;

    private final String registryId;

    ImageDetails(ImageStore store, ObjectMapper mapper, String registryId) {
        this.store = store;
        this.mapper = mapper;
        this.registryId = registryId;
    }

    ObjectNode of(String repository, ImageOperations.Image image) {
        ImageStore.Manifest manifest = image.manifest();
        Optional<JsonNode> json = parse(manifest);
        ObjectNode detail = mapper.createObjectNode()
                .put("registryId", registryId)
                .put("repositoryName", repository)
                .put("imageDigest", manifest.digest().value());
        // ECR leaves the field out for untagged images rather than sending an empty list.
        if (!image.tags().isEmpty()) image.tags().forEach(detail.putArray("imageTags")::add);
        detail.put("imageSizeInBytes", size(repository, manifest))
                .put("imagePushedAt", AwsJsonProtocol.timestamp(manifest.pushedAt()))
                .put("imageManifestMediaType", manifest.mediaType());
        json.flatMap(ImageDetails::artifactMediaType).ifPresent(type -> detail.put("artifactMediaType", type));
        return detail;
    }

    /**
     * What ECR reports: the compressed size of an image's blobs, and for an index the largest of its manifests. A
     * manifest that does not parse, or an index child that is not stored, counts as its own length or nothing.
     */
    private long size(String repository, ImageStore.Manifest manifest) {
        Optional<JsonNode> json = parse(manifest);
        if (json.isEmpty()) return manifest.bytes().length;
        JsonNode children = json.get().path("manifests");
        if (children.isArray()) {
            long largest = 0;
            for (JsonNode child : children) {
                long childSize = digestOf(child)
                        .flatMap(digest -> store.manifest(repository, digest))
                        .map(stored -> size(repository, stored))
                        .orElse(0L);
                largest = Math.max(largest, childSize);
            }
            return largest;
        }
        long total = json.get().path("config").path("size").asLong(0);
        for (JsonNode layer : json.get().path("layers")) total += layer.path("size").asLong(0);
        return total;
    }

    /** An artifact names its own type; an image is known by its config's media type. Indexes have neither. */
    private static Optional<String> artifactMediaType(JsonNode manifest) {
        JsonNode artifactType = manifest.path("artifactType");
        if (artifactType.isTextual()) return Optional.of(artifactType.textValue());
        JsonNode configType = manifest.path("config").path("mediaType");
        return configType.isTextual() ? Optional.of(configType.textValue()) : Optional.empty();
    }

    private Optional<JsonNode> parse(ImageStore.Manifest manifest) {
        try {
            return Optional.ofNullable(mapper.readTree(manifest.bytes())).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Digest> digestOf(JsonNode descriptor) {
        try {
            return Optional.of(new Digest(descriptor.path("digest").asText("")));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }
}
