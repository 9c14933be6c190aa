package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the embedded ECR holds beyond its defaults, as {@code serve --ecr FILE} reads it: registries (an account in a
 * region) with the OCI layouts to import into each, sample images to seed, and repository tags to set.
 *
 * <pre>{@code
 * {"registries": [{"registryId": "210987654321", "region": "eu-west-1", "images": "layouts",
 *                  "samples": ["app"], "repositoryTags": {"app": {"ecr-public:pull": "anonymous"}}}]}
 * }</pre>
 *
 * Read strictly: unknown keys, wrong types and invalid values fail with an {@link EmulatedRegistriesException} whose
 * message names the field's path ({@code registries[0].region: ...}). Every field of an entry is optional: the account
 * defaults to the emulator's own ({@link EcrEmulator#ACCOUNT_ID}), the region to the local registry's, so an entry
 * without either adds to the registry that {@code serve} pulls from by default.
 */
public record EmulatedRegistries(List<Registry> registries) {
    /** Nothing beyond the defaults. */
    public static final EmulatedRegistries NONE = new EmulatedRegistries(List.of());

    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Set<String> TOP_KEYS = Set.of("registries");
    private static final Set<String> ENTRY_KEYS = Set.of("registryId", "region", "images", "samples", "repositoryTags");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The same registry (account and region) at most once. */
    public EmulatedRegistries {
        registries = List.copyOf(registries);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < registries.size(); i++) {
            Integer first = seen.putIfAbsent(registries.get(i).name(), i);
            if (first != null)
                throw new EmulatedRegistriesException("registries[" + i + "]: registry " + registries.get(i).name()
                        + " is already listed at registries[" + first + "]");
        }
    }

    /**
     * One registry: an account (12 digits) in a region, with the OCI layouts under {@code images} imported into it (as
     * {@code serve --images} does for the default registry), the sample image seeded as {@code samples:latest}, and
     * resource tags set on repositories, which must exist once the images and samples are in.
     */
    public record Registry(String registryId, String region, Optional<Path> images, List<String> samples,
                           Map<String, Map<String, String>> repositoryTags) {
        public Registry {
            Objects.requireNonNull(registryId, "registryId");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(images, "images");
            if (!EcrConstraints.REGISTRY_ID_PATTERN.matcher(registryId).matches())
                throw new EmulatedRegistriesException("registryId: must be 12 digits, got \"" + registryId + "\"");
            if (!REGION.matcher(region).matches())
                throw new EmulatedRegistriesException("region: must be an AWS region such as eu-west-1, got \""
                        + region + "\"");
            samples = List.copyOf(samples);
            Set<String> distinct = new LinkedHashSet<>();
            for (int i = 0; i < samples.size(); i++) {
                String where = "samples[" + i + "]";
                checkRepositoryName(where, samples.get(i));
                if (!distinct.add(samples.get(i)))
                    throw new EmulatedRegistriesException(where + ": " + samples.get(i) + " is listed twice");
            }
            SortedMap<String, Map<String, String>> tags = new TreeMap<>();
            repositoryTags.forEach((repository, keyValues) -> {
                String where = "repositoryTags[\"" + repository + "\"]";
                checkRepositoryName(where, repository);
                if (keyValues.size() > TagOperations.TAGS_MAX)
                    throw new EmulatedRegistriesException(where + ": a repository can have at most "
                            + TagOperations.TAGS_MAX + " tags, got " + keyValues.size());
                keyValues.forEach((key, value) -> {
                    String at = where + "[\"" + key + "\"]";
                    if (key.isEmpty() || key.length() > TagOperations.KEY_MAX)
                        throw new EmulatedRegistriesException(at + ": a tag key has 1 to " + TagOperations.KEY_MAX
                                + " characters");
                    if (key.startsWith("aws:"))
                        throw new EmulatedRegistriesException(at + ": tag keys starting with aws: are reserved");
                    if (value.length() > TagOperations.VALUE_MAX)
                        throw new EmulatedRegistriesException(at + ": a tag value has at most "
                                + TagOperations.VALUE_MAX + " characters");
                });
                tags.put(repository, Collections.unmodifiableSortedMap(new TreeMap<>(keyValues)));
            });
            repositoryTags = Collections.unmodifiableSortedMap(tags);
        }

        /** {@code 210987654321/eu-west-1}. */
        public String name() {
            return registryId + "/" + region;
        }

        private static void checkRepositoryName(String where, String name) {
            if (name.length() < EcrConstraints.REPOSITORY_NAME_MIN || name.length() > EcrConstraints.REPOSITORY_NAME_MAX
                    || !EcrConstraints.REPOSITORY_NAME_PATTERN.matcher(name).matches())
                throw new EmulatedRegistriesException(where + ": \"" + name + "\" is not a repository name ECR accepts"
                        + " (2 to 256 characters of lowercase letters, digits and . _ - / separators)");
        }
    }

    public boolean isEmpty() {
        return registries.isEmpty();
    }

    /** Reads a file; a relative {@code images} path is taken from the file's own directory. */
    public static EmulatedRegistries read(Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new EmulatedRegistriesException("no such file");
        } catch (IOException e) {
            throw new EmulatedRegistriesException("cannot be read: " + e.getMessage());
        }
        return parse(json, file.toAbsolutePath().getParent());
    }

    /** Parses a document; relative {@code images} paths are resolved against baseDir. */
    public static EmulatedRegistries parse(String json, Path baseDir) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new EmulatedRegistriesException("not valid JSON" + at + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) throw new EmulatedRegistriesException("empty, expected a JSON object");
        strictObject(root, "", TOP_KEYS);
        JsonNode list = root.get("registries");
        if (list == null || list.isNull()) throw new EmulatedRegistriesException("registries: missing");
        if (!list.isArray()) throw new EmulatedRegistriesException("registries: must be a list");
        List<Registry> registries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) registries.add(entry(list.get(i), "registries[" + i + "]", baseDir));
        return new EmulatedRegistries(registries);
    }

    private static Registry entry(JsonNode node, String where, Path baseDir) {
        strictObject(node, where, ENTRY_KEYS);
        String registryId = string(node, where, "registryId").orElse(EcrEmulator.ACCOUNT_ID);
        String region = string(node, where, "region").orElse(EcrEmulator.DEFAULT_REGION);
        Optional<Path> images = string(node, where, "images").map(p -> images(p, where + ".images", baseDir));
        List<String> samples = new ArrayList<>();
        JsonNode samplesNode = node.get("samples");
        if (samplesNode != null && !samplesNode.isNull()) {
            if (!samplesNode.isArray()) throw new EmulatedRegistriesException(where + ".samples: must be a list");
            for (int i = 0; i < samplesNode.size(); i++) {
                if (!samplesNode.get(i).isTextual())
                    throw new EmulatedRegistriesException(where + ".samples[" + i + "]: must be a string");
                samples.add(samplesNode.get(i).asText());
            }
        }
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        JsonNode tagsNode = node.get("repositoryTags");
        if (tagsNode != null && !tagsNode.isNull()) {
            String at = where + ".repositoryTags";
            if (!tagsNode.isObject())
                throw new EmulatedRegistriesException(at + ": must be an object of repository name to tags");
            for (Map.Entry<String, JsonNode> repository : tagsNode.properties()) {
                String repoAt = at + "[\"" + repository.getKey() + "\"]";
                if (!repository.getValue().isObject())
                    throw new EmulatedRegistriesException(repoAt + ": must be an object of tag key to value");
                Map<String, String> keyValues = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> tag : repository.getValue().properties()) {
                    if (!tag.getValue().isTextual())
                        throw new EmulatedRegistriesException(repoAt + "[\"" + tag.getKey() + "\"]: must be a string");
                    keyValues.put(tag.getKey(), tag.getValue().asText());
                }
                tags.put(repository.getKey(), keyValues);
            }
        }
        try {
            return new Registry(registryId, region, images, samples, tags);
        } catch (EmulatedRegistriesException e) {
            throw new EmulatedRegistriesException(where + "." + e.getMessage());
        }
    }

    private static Path images(String value, String where, Path baseDir) {
        if (value.isBlank()) throw new EmulatedRegistriesException(where + ": must name a directory");
        Path path;
        try {
            path = baseDir == null ? Path.of(value) : baseDir.resolve(value);
        } catch (RuntimeException e) {
            throw new EmulatedRegistriesException(where + ": not a path: " + value);
        }
        path = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) throw new EmulatedRegistriesException(where + ": " + path + " is not a directory");
        return path;
    }

    private static void strictObject(JsonNode node, String where, Set<String> allowed) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        if (!node.isObject()) throw new EmulatedRegistriesException(prefix + "must be an object");
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) unknown.add(name);
        });
        if (!unknown.isEmpty())
            throw new EmulatedRegistriesException(prefix + "unknown key(s) " + unknown + ", allowed: "
                    + new TreeSet<>(allowed));
    }

    /** Up to ten names, for messages. */
    static String names(Set<String> repositories) {
        if (repositories.isEmpty()) return "none";
        List<String> first = repositories.stream().limit(10).toList();
        return String.join(", ", first) + (repositories.size() > first.size()
                ? " and " + (repositories.size() - first.size()) + " more" : "");
    }

    /** Absent and JSON null are the same: the field is not set. */
    private static Optional<String> string(JsonNode node, String where, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) return Optional.empty();
        if (!value.isTextual())
            throw new EmulatedRegistriesException(where + "." + key + ": must be a string"
                    + (value.isNumber() ? " (in quotes)" : ""));
        return Optional.of(value.asText());
    }

    /**
     * Puts the registries into a running emulator: each entry's images are imported, then its samples seeded, then
     * its repository tags set. A sample may not replace a repository the registry already holds, and tags go only
     * on repositories that exist; either mistake, and a layout that cannot be imported, fail with an
     * {@link EmulatedRegistriesException} naming the entry.
     */
    public void applyTo(EcrEmulator emulator) {
        for (int i = 0; i < registries.size(); i++) {
            Registry registry = registries.get(i);
            String where = "registries[" + i + "]";
            ImageStore store = emulator.store(registry.registryId(), registry.region());
            if (registry.images().isPresent()) {
                try {
                    OciLayouts.importAll(registry.images().get(), store);
                } catch (IOException | RuntimeException e) {
                    throw new EmulatedRegistriesException(where + ".images: " + e.getMessage());
                }
            }
            for (int s = 0; s < registry.samples().size(); s++) {
                String repository = registry.samples().get(s);
                if (store.hasRepository(repository))
                    throw new EmulatedRegistriesException(where + ".samples[" + s + "]: registry " + registry.name()
                            + " already holds a repository " + repository);
                SampleImages.seed(store, repository);
            }
            for (String repository : registry.repositoryTags().keySet())
                if (!store.hasRepository(repository))
                    throw new EmulatedRegistriesException(where + ".repositoryTags[\"" + repository + "\"]: registry "
                            + registry.name() + " has no repository " + repository + " (it has "
                            + names(store.repositories()) + "); repositories come from images and samples");
            registry.repositoryTags().forEach(store::tagRepository);
        }
    }
}
