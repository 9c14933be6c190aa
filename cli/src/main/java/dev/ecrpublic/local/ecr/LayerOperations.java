package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.Grammar;

import java.util.List;
import java.util.Optional;

/**
 * GetDownloadUrlForLayer and BatchCheckLayerAvailability. To ECR every blob is a layer, config blobs included: both
 * operations answer for configs exactly as for layers.
 */
final class LayerOperations {
    private final ImageStore store;
    private final ObjectMapper mapper;
    private final LayerLinks links;

    private final String registryId;

    LayerOperations(ImageStore store, ObjectMapper mapper, LayerLinks links, String registryId) {
        this.registryId = registryId;
        this.store = store;
        this.mapper = mapper;
        this.links = links;
    }

    ObjectNode getDownloadUrlForLayer(String repository, AwsJsonRequest request) {
        String layerDigest = request.requiredString("layerDigest");
        if (!EcrConstraints.isDigest(layerDigest))
            throw AwsJsonError.invalidParameter("layerDigest",
                    "must satisfy regular expression '" + EcrConstraints.DIGEST + "'");
        ImageStore.Blob blob = blob(repository, layerDigest).orElseThrow(() -> new EcrError(
                EcrError.Type.LAYERS_NOT_FOUND, "The layer with digest " + layerDigest
                        + " does not exist within the repository with name '" + repository
                        + "' in the registry with id '" + registryId + "'"));
        return mapper.createObjectNode()
                .put("downloadUrl", links.issue(blob).toString())
                .put("layerDigest", blob.digest().value());
    }

    ObjectNode batchCheckLayerAvailability(String repository, AwsJsonRequest request) {
        List<String> digests = request.strings("layerDigests", 1, EcrConstraints.BATCH_MAX)
                .orElseThrow(() -> AwsJsonError.invalidParameter("layerDigests", "must not be null"));
        ObjectNode response = mapper.createObjectNode();
        ArrayNode layers = response.putArray("layers");
        ArrayNode failures = response.putArray("failures");
        for (String digest : digests) {
            if (!EcrConstraints.isDigest(digest)) {
                failures.addObject().put("layerDigest", digest).put("failureCode", "InvalidLayerDigest")
                        .put("failureReason", "Invalid layer digest: it should satisfy the regex '"
                                + EcrConstraints.DIGEST + "'");
                continue;
            }
            Optional<ImageStore.Blob> blob = blob(repository, digest);
            if (blob.isEmpty()) {
                failures.addObject().put("layerDigest", digest).put("failureCode", "MissingLayerDigest")
                        .put("failureReason", "Could not find layer digest in repository");
                continue;
            }
            layers.addObject()
                    .put("layerDigest", digest)
                    .put("layerAvailability", "AVAILABLE")
                    .put("layerSize", blob.get().content().size())
                    .put("mediaType", blob.get().mediaType());
        }
        return response;
    }

    /** Digests that pass ECR's regex yet are not lower-case sha256 name nothing stored. */
    private Optional<ImageStore.Blob> blob(String repository, String digest) {
        if (!Grammar.SHA256_PATTERN.matcher(digest).matches()) return Optional.empty();
        return store.blob(repository, new Digest(digest));
    }
}
