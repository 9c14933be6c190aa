package dev.ecrpublic.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a token's {@code access} claim, shaped as the distribution token spec has it:
 * {@code {"type":"repository","name":"hello","actions":["pull"]}}.
 */
public record Access(String type, String name, List<String> actions) {
    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final String CATALOG = "catalog";

    public Access {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        actions = List.copyOf(actions);
    }

    public static Access pull(String repository) {
        return new Access(REPOSITORY, repository, List.of("pull"));
    }

    public static Access catalog() {
        return new Access(REGISTRY, CATALOG, List.of("*"));
    }

    /** The claim form, ready for a JWT claims set. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("name", name);
        map.put("actions", actions);
        return map;
    }

    /** Reads one claim entry back; anything malformed is refused so a verifier can treat the token as invalid. */
    public static Access fromMap(Object entry) {
        if (!(entry instanceof Map<?, ?> map) || !(map.get("type") instanceof String type)
                || !(map.get("name") instanceof String name) || !(map.get("actions") instanceof List<?> actions))
            throw new IllegalArgumentException("malformed access entry");
        for (Object action : actions)
            if (!(action instanceof String)) throw new IllegalArgumentException("malformed access entry");
        return new Access(type, name, actions.stream().map(String.class::cast).toList());
    }
}
