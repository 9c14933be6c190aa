package dev.ecrpublic.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * HTTP headers as the REST API event carries them: names compare case-insensitively and a name may repeat (skopeo
 * sends six separate Accept lines; merging them into one would lose media types).
 */
public final class Headers {
    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Headers empty() {
        return new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    }

    public static Headers of(String... namesAndValues) {
        Headers headers = empty();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) headers.add(namesAndValues[i], namesAndValues[i + 1]);
        return headers;
    }

    public Headers add(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        return this;
    }

    public Headers set(String name, String value) {
        List<String> one = new ArrayList<>(1);
        one.add(value);
        values.put(name, one);
        return this;
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    /** Names in case-insensitive order, each with its values in the order added. */
    public Map<String, List<String>> asMap() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "Headers" + values.keySet();
    }
}
