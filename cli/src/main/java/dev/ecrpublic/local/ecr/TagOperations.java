package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ListTagsForResource, TagResource and UntagResource on a repository, with ECR's limits: keys of 1 to 128 characters
 * and values of at most 256, none in the reserved {@code aws:} prefix, and at most 50 tags on a repository.
 */
final class TagOperations {
    static final int KEY_MAX = 128;
    static final int VALUE_MAX = 256;
    static final int TAGS_MAX = 50;

    private final ImageStore store;
    private final ObjectMapper mapper;

    TagOperations(ImageStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    ObjectNode listTagsForResource(String repository) {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode tags = response.putArray("tags");
        store.repositoryTags(repository).forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        return response;
    }

    ObjectNode tagResource(String repository, AwsJsonRequest request) {
        List<AwsJsonRequest> tags = request.objects("tags", 0, Integer.MAX_VALUE)
                .orElseThrow(() -> AwsJsonError.invalidParameter("tags", "must not be null"));
        Map<String, String> added = new LinkedHashMap<>();
        for (AwsJsonRequest tag : tags) {
            String key = tag.requiredString("Key");
            String value = tag.requiredString("Value");
            checkKey(tag.location() + ".Key", key);
            if (value.length() > VALUE_MAX)
                throw invalidTag("Tag value '" + value + "' exceeds " + VALUE_MAX + " characters");
            added.put(key, value);
        }
        Map<String, String> after = new LinkedHashMap<>(store.repositoryTags(repository));
        after.putAll(added);
        if (after.size() > TAGS_MAX)
            throw new EcrError(EcrError.Type.TOO_MANY_TAGS, "A repository can have at most " + TAGS_MAX + " tags");
        store.tagRepository(repository, added);
        return mapper.createObjectNode();
    }

    ObjectNode untagResource(String repository, AwsJsonRequest request) {
        List<String> keys = request.strings("tagKeys", 0, Integer.MAX_VALUE)
                .orElseThrow(() -> AwsJsonError.invalidParameter("tagKeys", "must not be null"));
        for (String key : keys) checkKey("tagKeys", key);
        store.untagRepository(repository, keys);
        return mapper.createObjectNode();
    }

    private static void checkKey(String field, String key) {
        if (key.isEmpty() || key.length() > KEY_MAX)
            throw AwsJsonError.invalidParameter(field, "Member must have length between 1 and " + KEY_MAX);
        if (key.startsWith("aws:")) throw invalidTag("Tag keys with the prefix 'aws:' are reserved");
    }

    private static EcrError invalidTag(String message) {
        return new EcrError(EcrError.Type.INVALID_TAG_PARAMETER, message);
    }
}
