package dev.ecrpublic.local.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A secret's file: one JSON document with every version, so that one atomic move replaces the secret whole. */
final class SecretCodec {
    private final ObjectMapper mapper;

    SecretCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] write(StoredSecret secret) {
        ObjectNode root = mapper.createObjectNode()
                .put("name", secret.name())
                .put("arn", secret.arn())
                .put("created", secret.created().toString())
                .put("lastChanged", secret.lastChanged().toString());
        secret.description().ifPresent(d -> root.put("description", d));
        ArrayNode versions = root.putArray("versions");
        for (SecretVersion version : secret.versions()) {
            ObjectNode node = versions.addObject().put("id", version.id());
            version.secretString().ifPresent(s -> node.put("secretString", s));
            version.secretBinary().ifPresent(b -> node.put("secretBinary", b));
            version.stages().forEach(node.putArray("stages")::add);
            node.put("created", version.created().toString());
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    StoredSecret read(byte[] json) throws IOException {
        JsonNode root = mapper.readTree(json);
        List<SecretVersion> versions = new ArrayList<>();
        for (JsonNode node : root.path("versions")) {
            List<String> stages = new ArrayList<>();
            node.path("stages").forEach(stage -> stages.add(stage.asText()));
            versions.add(new SecretVersion(node.get("id").asText(), text(node, "secretString"),
                    text(node, "secretBinary"), stages, Instant.parse(node.get("created").asText())));
        }
        return new StoredSecret(root.get("name").asText(), root.get("arn").asText(), text(root, "description"),
                Instant.parse(root.get("created").asText()), Instant.parse(root.get("lastChanged").asText()), versions);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
