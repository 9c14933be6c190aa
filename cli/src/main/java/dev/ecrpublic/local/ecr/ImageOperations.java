package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;
import dev.ecrpublic.reference.Digest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** BatchGetImage, ListImages and DescribeImages: the operations that read a repository's manifests and tags. */
final class ImageOperations {
    enum TagStatus {
        TAGGED, UNTAGGED, ANY;

        static TagStatus of(AwsJsonRequest request) {
            Optional<String> value = request.object("filter").flatMap(filter -> filter.string("tagStatus"));
            if (value.isEmpty()) return ANY;
            for (TagStatus status : values()) if (status.name().equals(value.get())) return status;
            throw AwsJsonError.invalidParameter("filter.tagStatus",
                    "Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]");
        }

        boolean admits(boolean tagged) {
            return this == ANY || (this == TAGGED) == tagged;
        }
    }

    /** A manifest with the tags that point at it, sorted. */
    record Image(ImageStore.Manifest manifest, List<String> tags) {
        Image {
            tags = List.copyOf(tags);
        }
    }

    private record ListedId(ImageStore.Manifest manifest, Optional<String> tag) {}

    private final ImageStore store;
    private final ObjectMapper mapper;
    private final ImageLookup lookup;
    private final ImageDetails details;

    private final String registryId;

    ImageOperations(ImageStore store, ObjectMapper mapper, String registryId) {
        this.store = store;
        this.mapper = mapper;
        this.registryId = registryId;
        this.lookup = new ImageLookup(store);
        this.details = new ImageDetails(store, mapper, registryId);
    }

    ObjectNode batchGetImage(String repository, AwsJsonRequest request) {
        List<AwsJsonRequest> imageIds = request.objects("imageIds", 1, EcrConstraints.BATCH_MAX)
                .orElseThrow(() -> AwsJsonError.invalidParameter("imageIds", "must not be null"));
        request.strings("acceptedMediaTypes", 1, EcrConstraints.BATCH_MAX); // validated like ECR does, see below
        ObjectNode response = mapper.createObjectNode();
        ArrayNode images = response.putArray("images");
        ArrayNode failures = response.putArray("failures");
        for (AwsJsonRequest imageId : imageIds) {
            switch (lookup.resolve(repository, imageId)) {
                // ECR converts between some formats for images asked for by tag and otherwise answers with what it
                // has, in the stored type, whatever was accepted. The emulator converts nothing and always does the
                // latter; acceptedMediaTypes is validated but does not change the answer.
                case ImageLookup.Found found -> image(images, repository, found);
                case ImageLookup.Failed failed -> failure(failures, imageId, failed.code(), failed.reason());
            }
        }
        return response;
    }

    ObjectNode listImages(String repository, AwsJsonRequest request) {
        TagStatus status = TagStatus.of(request);
        Pages.Window window = Pages.Window.of(request, "ListImages/" + repository);
        List<ListedId> ids = new ArrayList<>();
        for (Image image : images(repository)) {
            if (image.tags().isEmpty() && status.admits(false))
                ids.add(new ListedId(image.manifest(), Optional.empty()));
            if (status.admits(true))
                image.tags().forEach(tag -> ids.add(new ListedId(image.manifest(), Optional.of(tag))));
        }
        Pages.Page<ListedId> page = Pages.page(ids, id -> Pages.position(id.manifest().pushedAt(),
                id.manifest().digest() + "\n" + id.tag().orElse("")), window);

        ObjectNode response = mapper.createObjectNode();
        ArrayNode out = response.putArray("imageIds");
        for (ListedId id : page.items()) {
            ObjectNode node = out.addObject().put("imageDigest", id.manifest().digest().value());
            id.tag().ifPresent(tag -> node.put("imageTag", tag));
        }
        page.nextToken().ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    ObjectNode describeImages(String repository, AwsJsonRequest request) {
        Optional<List<AwsJsonRequest>> imageIds = request.objects("imageIds", 1, EcrConstraints.BATCH_MAX);
        List<Image> selected;
        Optional<String> nextToken = Optional.empty();
        if (imageIds.isPresent()) {
            Pages.refusePagingWith(request, "imageIds");
            selected = requested(repository, imageIds.get());
        } else {
            TagStatus status = TagStatus.of(request);
            Pages.Window window = Pages.Window.of(request, "DescribeImages/" + repository);
            List<Image> admitted = images(repository).stream()
                    .filter(image -> status.admits(!image.tags().isEmpty())).toList();
            Pages.Page<Image> page = Pages.page(admitted, image -> Pages.position(image.manifest().pushedAt(),
                    image.manifest().digest().value()), window);
            selected = page.items();
            nextToken = page.nextToken();
        }
        ObjectNode response = mapper.createObjectNode();
        ArrayNode out = response.putArray("imageDetails");
        selected.forEach(image -> out.add(details.of(repository, image)));
        nextToken.ifPresent(token -> response.put("nextToken", token));
        return response;
    }

    private List<Image> requested(String repository, List<AwsJsonRequest> imageIds) {
        Map<Digest, Image> byDigest = new LinkedHashMap<>();
        Map<Digest, List<String>> tags = tagsByDigest(repository);
        for (AwsJsonRequest imageId : imageIds) {
            switch (lookup.resolve(repository, imageId)) {
                case ImageLookup.Found found -> byDigest.putIfAbsent(found.manifest().digest(),
                        new Image(found.manifest(), tags.getOrDefault(found.manifest().digest(), List.of())));
                case ImageLookup.Failed failed when failed.code() == ImageLookup.FailureCode.IMAGE_NOT_FOUND
                        || failed.code() == ImageLookup.FailureCode.IMAGE_TAG_DOES_NOT_MATCH_DIGEST ->
                        throw new EcrError(EcrError.Type.IMAGE_NOT_FOUND, "The image with imageId "
                                + describe(imageId) + " does not exist within the repository with name '" + repository
                                + "' in the registry with id '" + registryId + "'");
                case ImageLookup.Failed failed -> throw AwsJsonError.invalidParameter(imageId.location(), failed.reason());
            }
        }
        return List.copyOf(byDigest.values());
    }

    private List<Image> images(String repository) {
        Map<Digest, List<String>> tags = tagsByDigest(repository);
        return store.manifests(repository).values().stream()
                .map(manifest -> new Image(manifest, tags.getOrDefault(manifest.digest(), List.of())))
                .toList();
    }

    /** Tag lists come out sorted because the store hands tags over in tag order. */
    private Map<Digest, List<String>> tagsByDigest(String repository) {
        Map<Digest, List<String>> tags = new HashMap<>();
        store.tags(repository).forEach((tag, digest) -> tags.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
        return tags;
    }

    private void image(ArrayNode images, String repository, ImageLookup.Found found) {
        ObjectNode image = images.addObject()
                .put("registryId", registryId)
                .put("repositoryName", repository);
        ObjectNode id = image.putObject("imageId").put("imageDigest", found.manifest().digest().value());
        found.tag().ifPresent(tag -> id.put("imageTag", tag));
        // The exact stored bytes: clients recompute the digest from this string's UTF-8 encoding.
        image.put("imageManifest", new String(found.manifest().bytes(), StandardCharsets.UTF_8))
                .put("imageManifestMediaType", found.manifest().mediaType());
    }

    private static void failure(ArrayNode failures, AwsJsonRequest imageId, ImageLookup.FailureCode code, String reason) {
        ObjectNode failure = failures.addObject();
        failure.set("imageId", echo(imageId));
        failure.put("failureCode", code.wireName).put("failureReason", reason);
    }

    private static ObjectNode echo(AwsJsonRequest imageId) {
        ObjectNode id = imageId.body().objectNode();
        imageId.string("imageDigest").ifPresent(digest -> id.put("imageDigest", digest));
        imageId.string("imageTag").ifPresent(tag -> id.put("imageTag", tag));
        return id;
    }

    private static String describe(AwsJsonRequest imageId) {
        return "{imageDigest:'" + imageId.string("imageDigest").orElse("null") + "', imageTag:'"
                + imageId.string("imageTag").orElse("null") + "'}";
    }
}
