package dev.ecrpublic.local.secretsmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecrpublic.local.awsjson.AwsJsonError;
import dev.ecrpublic.local.awsjson.AwsJsonProtocol;
import dev.ecrpublic.local.awsjson.AwsJsonRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The read-only answers: a secret's metadata, one version's value, the list of versions. */
final class SecretsResponses {
    private static final int MAX_RESULTS = 100;

    private final ObjectMapper mapper;

    SecretsResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** VersionIdsToStages leaves deprecated versions out, as the service does. Rotation is never on locally. */
    ObjectNode describe(StoredSecret secret) {
        ObjectNode response = named(secret).put("RotationEnabled", false)
                .put("CreatedDate", AwsJsonProtocol.timestamp(secret.created()))
                .put("LastChangedDate", AwsJsonProtocol.timestamp(secret.lastChanged()));
        secret.description().ifPresent(d -> response.put("Description", d));
        ObjectNode stages = response.putObject("VersionIdsToStages");
        for (SecretVersion version : secret.versions())
            if (!version.deprecated()) version.stages().forEach(stages.putArray(version.id())::add);
        return response;
    }

    ObjectNode value(StoredSecret secret, SecretVersion version) {
        // A version RotateSecret created has no value until the rotation function's createSecret step puts one.
        if (!version.hasValue())
            throw SecretsError.versionNotFound(version.id());
        ObjectNode response = named(secret).put("VersionId", version.id());
        version.secretString().ifPresent(s -> response.put("SecretString", s));
        version.secretBinary().ifPresent(b -> response.put("SecretBinary", b));
        version.stages().forEach(response.putArray("VersionStages")::add);
        return response.put("CreatedDate", AwsJsonProtocol.timestamp(version.created()));
    }

    /**
     * Versions in creation order, paged by position. Versions are only ever added at the end, so a position stays
     * valid between pages; the token names the secret so it cannot be replayed against another.
     */
    ObjectNode versions(StoredSecret secret, AwsJsonRequest request) {
        int maxResults = request.integer("MaxResults").orElse(MAX_RESULTS);
        if (maxResults < 1 || maxResults > MAX_RESULTS)
            throw AwsJsonError.invalidParameter("MaxResults", "Member must have value between 1 and " + MAX_RESULTS);
        boolean includeDeprecated = request.bool("IncludeDeprecated").orElse(false);
        List<SecretVersion> listed = secret.versions().stream()
                .filter(v -> includeDeprecated || !v.deprecated()).toList();
        int from = request.string("NextToken").map(token -> position(token, secret)).orElse(0);
        int to = Math.min(listed.size(), from + maxResults);
        ObjectNode response = named(secret);
        ArrayNode versions = response.putArray("Versions");
        for (SecretVersion version : listed.subList(Math.min(from, to), to)) {
            ObjectNode node = versions.addObject().put("VersionId", version.id());
            version.stages().forEach(node.putArray("VersionStages")::add);
            node.put("CreatedDate", AwsJsonProtocol.timestamp(version.created()));
        }
        if (to < listed.size()) response.put("NextToken", token(secret, to));
        return response;
    }

    private ObjectNode named(StoredSecret secret) {
        return mapper.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name());
    }

    private static String token(StoredSecret secret, int position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((secret.arn() + "#" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static int position(String token, StoredSecret secret) {
        Optional<String> decoded;
        try {
            decoded = Optional.of(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            decoded = Optional.empty();
        }
        String prefix = secret.arn() + "#";
        return decoded.filter(d -> d.startsWith(prefix)).flatMap(d -> {
            try {
                return Optional.of(Integer.parseInt(d.substring(prefix.length())));
            } catch (NumberFormatException e) {
                return Optional.<Integer>empty();
            }
        }).filter(p -> p >= 0).orElseThrow(() -> new SecretsError(SecretsError.Type.INVALID_NEXT_TOKEN,
                "The NextToken value is invalid."));
    }
}
