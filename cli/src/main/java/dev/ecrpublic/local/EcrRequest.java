package dev.ecrpublic.local;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request body, or an object inside one, read the way the service reads it: a value of the wrong JSON type is a
 * {@code SerializationException} (the document does not fit the model), a value that breaks a constraint is an
 * {@code InvalidParameterException}. {@code path} names the object in messages, e.g. {@code filter.}.
 */
record EcrRequest(ObjectNode body, String path) {
    static EcrRequest parse(byte[] json, ObjectMapper mapper) {
        if (json.length == 0) return new EcrRequest(mapper.createObjectNode(), "");
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new EcrError(EcrError.Type.SERIALIZATION, "Malformed JSON request body");
        } catch (IOException e) {
            throw new EcrError(EcrError.Type.SERIALIZATION, "Unreadable request body");
        }
        if (node == null || node.isMissingNode()) return new EcrRequest(mapper.createObjectNode(), "");
        if (!(node instanceof ObjectNode object))
            throw new EcrError(EcrError.Type.SERIALIZATION, "Request body must be a JSON object");
        return new EcrRequest(object, "");
    }

    Optional<String> string(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isTextual()) throw wrongType(field, "a string");
        return Optional.of(value.textValue());
    }

    String requiredString(String field) {
        return string(field).orElseThrow(() -> EcrError.invalidParameter(path + field, "must not be null"));
    }

    Optional<Integer> integer(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isIntegralNumber() || !value.canConvertToInt()) throw wrongType(field, "an integer");
        return Optional.of(value.intValue());
    }

    Optional<EcrRequest> object(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!(value instanceof ObjectNode object)) throw wrongType(field, "an object");
        return Optional.of(new EcrRequest(object, path + field + "."));
    }

    /** A list of objects, or empty when absent; present lists must hold between min and max members. */
    Optional<List<EcrRequest>> objects(String field, int min, int max) {
        return list(field, min, max).map(items -> {
            List<EcrRequest> objects = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof ObjectNode object)) throw wrongType(field, "a list of objects");
                objects.add(new EcrRequest(object, path + field + "." + (i + 1) + "."));
            }
            return objects;
        });
    }

    Optional<List<String>> strings(String field, int min, int max) {
        return list(field, min, max).map(items -> items.stream().map(item -> {
            if (!item.isTextual()) throw wrongType(field, "a list of strings");
            return item.textValue();
        }).toList());
    }

    /** Where this object sits in the request, as messages name it: "imageIds.2", or "" for the body. */
    String location() {
        return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    }

    boolean has(String field) {
        return present(field) != null;
    }

    private Optional<List<JsonNode>> list(String field, int min, int max) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isArray()) throw wrongType(field, "a list");
        if (value.size() < min)
            throw EcrError.invalidParameter(path + field, "Member must have length greater than or equal to " + min);
        if (value.size() > max)
            throw EcrError.invalidParameter(path + field, "Member must have length less than or equal to " + max);
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return Optional.of(items);
    }

    /** JSON null means absent, as it does to the service. */
    private JsonNode present(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private EcrError wrongType(String field, String expected) {
        return new EcrError(EcrError.Type.SERIALIZATION, "'" + path + field + "' must be " + expected);
    }
}
