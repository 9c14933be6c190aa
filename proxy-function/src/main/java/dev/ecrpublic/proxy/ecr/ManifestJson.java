package dev.ecrpublic.proxy.ecr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.proxy.registry.ManifestMediaTypes;

import java.io.IOException;

/** Reads a manifest's own idea of its media type, for images ECR stored without one. */
final class ManifestJson {
    private ManifestJson() {}

    static String mediaTypeOf(byte[] manifest) {
        int schemaVersion = 0;
        boolean listsManifests = false;
        try (JsonParser p = ProxyIntegrationJson.factory().createParser(manifest)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return ManifestMediaTypes.OCI_MANIFEST;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("mediaType") && p.currentToken() == JsonToken.VALUE_STRING) return p.getText();
                if (field.equals("schemaVersion") && p.currentToken() == JsonToken.VALUE_NUMBER_INT) schemaVersion = p.getIntValue();
                if (field.equals("manifests")) listsManifests = true;
                p.skipChildren();
            }
        } catch (IOException e) {
            return ManifestMediaTypes.OCI_MANIFEST;
        }
        if (schemaVersion == 1) return ManifestMediaTypes.DOCKER_SCHEMA1_SIGNED;
        return listsManifests ? ManifestMediaTypes.OCI_INDEX : ManifestMediaTypes.OCI_MANIFEST;
    }
}
