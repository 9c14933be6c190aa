package dev.ecrpublic.policy;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON object read strictly: unknown keys and wrong types fail with a message naming the field's path, so an
 * operator's typo in the access document never silently changes who may pull what.
 */
record StrictObject(Map<String, Object> map, String where) {

    static StrictObject parse(String json, String where, Set<String> allowed) {
        if (json == null) throw new PolicyException(where + ": missing");
        // nimbus's codec reads "[]" as an empty object; an operator who wrote a list made a mistake.
        if (!json.strip().startsWith("{")) throw new PolicyException(where + ": not a JSON object");
        try {
            return of(JSONObjectUtils.parse(json), where, allowed);
        } catch (ParseException e) {
            throw new PolicyException(where + ": not a JSON object");
        }
    }

    @SuppressWarnings("unchecked")
    static StrictObject of(Object value, String where, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) throw new PolicyException(where + ": must be an object");
        Set<String> unknown = new TreeSet<>();
        for (Object key : map.keySet()) if (!allowed.contains(String.valueOf(key))) unknown.add(String.valueOf(key));
        if (!unknown.isEmpty())
            throw new PolicyException(where + ": unknown key(s) " + unknown + ", allowed: " + new TreeSet<>(allowed));
        return new StrictObject((Map<String, Object>) map, where);
    }

    String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /** Absent and JSON null are the same: the field is not set. */
    boolean has(String key) {
        return map.get(key) != null;
    }

    Object get(String key) {
        return map.get(key);
    }

    String string(String key) {
        return optionalString(key).orElseThrow(() -> new PolicyException(path(key) + ": missing"));
    }

    Optional<String> optionalString(String key) {
        Object value = map.get(key);
        if (value == null) return Optional.empty();
        if (!(value instanceof String s)) throw new PolicyException(path(key) + ": must be a string");
        return Optional.of(s);
    }

    Optional<Long> optionalInteger(String key) {
        Object value = map.get(key);
        if (value == null) return Optional.empty();
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e15)
            return Optional.of(n.longValue());
        throw new PolicyException(path(key) + ": must be a whole number");
    }

    List<Object> list(String key) {
        Object value = map.get(key);
        if (value == null) return List.of();
        if (!(value instanceof List<?> list)) throw new PolicyException(path(key) + ": must be a list");
        return new ArrayList<>(list);
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<Object> list = list(key);
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s))
                throw new PolicyException(path(key) + "[" + i + "]: must be a string");
            out.add(s);
        }
        return out;
    }

    /** Repository patterns, each error naming its index. */
    List<RepositoryGlob> globs(String key) {
        List<RepositoryGlob> out = new ArrayList<>();
        List<String> patterns = strings(key);
        for (int i = 0; i < patterns.size(); i++) {
            try {
                out.add(RepositoryGlob.parse(patterns.get(i)));
            } catch (PolicyException e) {
                throw new PolicyException(path(key) + "[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }
}
