package dev.ecrpublic.local.awsjson;

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
 * {@code InvalidParameterException}. {@code path} names the object in messages, e.g. {@code filter.}. Field names
 * are the service's own spelling: ECR's are camelCase, Secrets Manager's PascalCase.
 */
public record AwsJsonRequest(ObjectNode body, String path) {
    static AwsJsonRequest parse(byte[] json, ObjectMapper mapper) {
        if (json.length == 0) return new AwsJsonRequest(mapper.createObjectNode(), "");
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JacksonException e) {
            throw AwsJsonError.serialization("Malformed JSON request body");
        } catch (IOException e) {
            throw AwsJsonError.serialization("Unreadable request body");
        }
        if (node == null || node.isMissingNode()) return new AwsJsonRequest(mapper.createObjectNode(), "");
        if (!(node instanceof ObjectNode object))
            throw AwsJsonError.serialization("Request body must be a JSON object");
        return new AwsJsonRequest(object, "");
    }
    public Optional<String> string(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isTextual()) throw wrongType(field, "a string");
        return Optional.of(value.textValue());
    }
    public String requiredString(String field) {
        return string(field).orElseThrow(() -> AwsJsonError.invalidParameter(path + field, "must not be null"));
    }
    public Optional<Integer> integer(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isIntegralNumber() || !value.canConvertToInt()) throw wrongType(field, "an integer");
        return Optional.of(value.intValue());
    }
    public Optional<Boolean> bool(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isBoolean()) throw wrongType(field, "a boolean");
        return Optional.of(value.booleanValue());
    }
    public Optional<AwsJsonRequest> object(String field) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!(value instanceof ObjectNode object)) throw wrongType(field, "an object");
        return Optional.of(new AwsJsonRequest(object, path + field + "."));
    }

    /** A list of objects, or empty when absent; present lists must hold between min and max members. */
    public Optional<List<AwsJsonRequest>> objects(String field, int min, int max) {
        return list(field, min, max).map(items -> {
            List<AwsJsonRequest> objects = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof ObjectNode object)) throw wrongType(field, "a list of objects");
                objects.add(new AwsJsonRequest(object, path + field + "." + (i + 1) + "."));
            }
            return objects;
        });
    }
    public Optional<List<String>> strings(String field, int min, int max) {
        return list(field, min, max).map(items -> items.stream().map(item -> {
            if (!item.isTextual()) throw wrongType(field, "a list of strings");
            return item.textValue();
        }).toList());
    }

    /** Where this object sits in the request, as messages name it: "imageIds.2", or "" for the body. */
    public String location() {
        return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    }
    public boolean has(String field) {
        return present(field) != null;
    }

    private Optional<List<JsonNode>> list(String field, int min, int max) {
        JsonNode value = present(field);
        if (value == null) return Optional.empty();
        if (!value.isArray()) throw wrongType(field, "a list");
        if (value.size() < min)
            throw AwsJsonError.invalidParameter(path + field, "Member must have length greater than or equal to " + min);
        if (value.size() > max)
            throw AwsJsonError.invalidParameter(path + field, "Member must have length less than or equal to " + max);
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return Optional.of(items);
    }

    /** JSON null means absent, as it does to the service. */
    private JsonNode present(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private AwsJsonError wrongType(String field, String expected) {
        return AwsJsonError.serialization("'" + path + field + "' must be " + expected);
    }
}
