package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ListImageReferrers: the repository's manifests whose {@code subject} names the digest asked about, described as the
 * OCI referrers API lists them. A subject the repository does not hold is no error: referrers may be pushed first.
 */
final class ReferrerOperations {
    /** ECR's filter values. Archiving is not emulated, so every stored manifest is ACTIVE. */
    private enum ArtifactStatus {
        ACTIVE, ARCHIVED, ACTIVATING, ANY;

        static ArtifactStatus of(Optional<AwsJsonRequest> filter) {
            Optional<String> value = filter.flatMap(f -> f.string("artifactStatus"));
            if (value.isEmpty()) return ACTIVE;
            for (ArtifactStatus status : values()) if (status.name().equals(value.get())) return status;
            throw AwsJsonError.invalidParameter("filter.artifactStatus",
                    "Member must satisfy enum value set: [ACTIVE, ARCHIVED, ACTIVATING, ANY]");
        }

        boolean admitsActive() {
            return this == ACTIVE || this == ANY;
        }
    }

    /** A stored manifest with a subject, and what the referrers list says of it. */
    private record Referrer(ImageStore.Manifest manifest, String subject, Optional<String> artifactType,
                            Optional<JsonNode> annotations) {}

    private final ImageStore store;
    private final ObjectMapper mapper;

    ReferrerOperations(ImageStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    ObjectNode listImageReferrers(String repository, AwsJsonRequest request) {
        String subject = request.object("subjectId")
                .orElseThrow(() -> AwsJsonError.invalidParameter("subjectId", "must not be null"))
                .requiredString("imageDigest");
        if (!EcrConstraints.isDigest(subject))
            throw AwsJsonError.invalidParameter("subjectId.imageDigest",
                    "must satisfy regular expression '" + EcrConstraints.DIGEST + "'");
        Optional<AwsJsonRequest> filter = request.object("filter");
        List<String> artifactTypes = filter.flatMap(f -> f.strings("artifactTypes", 0, Integer.MAX_VALUE))
                .orElse(List.of());
        ArtifactStatus status = ArtifactStatus.of(filter);
        Pages.Window window = Pages.Window.of(request, "ListImageReferrers/" + repository + "/" + subject,
                EcrConstraints.REFERRERS_MAX_RESULTS, EcrConstraints.REFERRERS_MAX_RESULTS);

        List<Referrer> found = new ArrayList<>();
        if (status.admitsActive())
            for (ImageStore.Manifest manifest : store.manifests(repository).values())
                referrer(manifest).filter(r -> r.subject().equals(subject))
                        .filter(r -> artifactTypes.isEmpty() || r.artifactType().filter(artifactTypes::contains).isPresent())
                        .ifPresent(found::add);
        Pages.Page<Referrer> page = Pages.page(found,
                r -> Pages.position(r.manifest().pushedAt(), r.manifest().digest().value()), window);

        ObjectNode response = mapper.createObjectNode();
        ArrayNode out = response.putArray("referrers");
        for (Referrer r : page.items()) {
            ObjectNode node = out.addObject()
                    .put("digest", r.manifest().digest().value())
                    .put("mediaType", r.manifest().mediaType());
            r.artifactType().ifPresent(type -> node.put("artifactType", type));
            node.put("size", r.manifest().bytes().length);
            r.annotations().ifPresent(a -> node.set("annotations", a));
            node.put("artifactStatus", ArtifactStatus.ACTIVE.name());
        }
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    /**
     * The manifest as a referrer, if it names a subject. Its artifact type is its own {@code artifactType}, else its
     * config's media type, as the distribution spec tells registries to report it.
     */
    private Optional<Referrer> referrer(ImageStore.Manifest manifest) {
        JsonNode json;
        try {
            json = mapper.readTree(manifest.bytes());
        } catch (IOException e) {
            return Optional.empty();
        }
        String subject = json.path("subject").path("digest").asText("");
        if (subject.isEmpty()) return Optional.empty();
        String artifactType = json.path("artifactType").asText("");
        if (artifactType.isEmpty()) artifactType = json.path("config").path("mediaType").asText("");
        JsonNode annotations = json.path("annotations");
        return Optional.of(new Referrer(manifest, subject,
                artifactType.isEmpty() ? Optional.empty() : Optional.of(artifactType),
                annotations.isObject() && !annotations.isEmpty() ? Optional.of(annotations) : Optional.empty()));
    }
}
