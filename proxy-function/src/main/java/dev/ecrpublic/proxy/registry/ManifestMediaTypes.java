package dev.ecrpublic.proxy.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The manifest media types a pull can ask for, and the negotiation of a client's Accept headers against them. */
public final class ManifestMediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** Everything ECR can store; what we ask for when the client accepts anything, so ECR never converts. */
    public static final List<String> ALL = List.of(
            OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED);

    private ManifestMediaTypes() {}

    /**
     * The known manifest types named in the Accept header values (repeated headers, comma lists, parameters and all),
     * in the client's order. No Accept, a wildcard, or only types we don't know means the client takes anything.
     */
    public static List<String> accepted(List<String> acceptHeaders) {
        List<String> known = new ArrayList<>();
        for (String header : acceptHeaders) {
            for (String item : header.split(",")) {
                int semicolon = item.indexOf(';');
                String type = (semicolon >= 0 ? item.substring(0, semicolon) : item).trim().toLowerCase(Locale.ROOT);
                if (type.equals("*/*") || type.equals("application/*")) return ALL;
                if (ALL.contains(type) && !known.contains(type)) known.add(type);
            }
        }
        return known.isEmpty() ? ALL : List.copyOf(known);
    }
}
