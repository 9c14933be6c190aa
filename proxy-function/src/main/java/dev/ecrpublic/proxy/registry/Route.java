package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pull API's endpoints, parsed from a path relative to {@code /v2}. Names may have several segments, so the
 * endpoint is found from the end of the path (as distribution's router does) and the name is checked against the
 * grammar afterwards: {@code ..}, empty segments and anything percent-encoded into something odd fail that check.
 */
public sealed interface Route {
    record Base() implements Route {}

    record Catalog() implements Route {}

    record Tags(RepositoryName name) implements Route {}

    record Manifest(RepositoryName name, ManifestReference reference) implements Route {}

    record Blob(RepositoryName name, Digest digest) implements Route {}

    /** Part of the push API, and push is never supported. */
    record BlobUpload(RepositoryName name) implements Route {}

    record Referrers(RepositoryName name, Digest digest) implements Route {}

    /** Repository this route is about, or null for the base and the catalog. */
    default RepositoryName repository() {
        return switch (this) {
            case Base b -> null;
            case Catalog c -> null;
            case Tags t -> t.name();
            case Manifest m -> m.name();
            case Blob b -> b.name();
            case BlobUpload u -> u.name();
            case Referrers r -> r.name();
        };
    }

    /** Longest path we look at: a name of the maximum length plus the longest endpoint suffix, with room to spare. */
    int MAX_PATH_LENGTH = 1024;

    Pattern TAGS = Pattern.compile("/(.+)/tags/list");
    Pattern MANIFEST = Pattern.compile("/(.+)/manifests/([^/]+)");
    Pattern UPLOAD = Pattern.compile("/(.+)/blobs/uploads(?:/.*)?");
    Pattern BLOB = Pattern.compile("/(.+)/blobs/([^/]+)");
    Pattern REFERRERS = Pattern.compile("/(.+)/referrers/([^/]+)");

    static Route parse(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) return new Base();
        if (rawPath.length() > MAX_PATH_LENGTH) throw new RegistryException(OciError.NAME_INVALID, "path too long");
        String path = percentDecode(rawPath);
        if (!path.startsWith("/")) path = "/" + path;
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.equals("/")) return new Base();
        if (path.equals("/_catalog")) return new Catalog();
        Matcher m;
        if ((m = TAGS.matcher(path)).matches()) return new Tags(new RepositoryName(m.group(1)));
        if ((m = MANIFEST.matcher(path)).matches())
            return new Manifest(new RepositoryName(m.group(1)), ManifestReference.parse(m.group(2)));
        if ((m = UPLOAD.matcher(path)).matches()) return new BlobUpload(new RepositoryName(m.group(1)));
        if ((m = BLOB.matcher(path)).matches()) return new Blob(new RepositoryName(m.group(1)), new Digest(m.group(2)));
        if ((m = REFERRERS.matcher(path)).matches())
            return new Referrers(new RepositoryName(m.group(1)), new Digest(m.group(2)));
        throw new RegistryException(OciError.ENDPOINT_UNKNOWN);
    }

    /** Decodes %XX once, strictly: a malformed escape is an invalid name, never a guess. '+' stays a plus. */
    private static String percentDecode(String path) {
        if (path.indexOf('%') < 0) return path;
        ByteArrayOutputStream out = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                if (c > 0x7f) throw new RegistryException(OciError.NAME_INVALID, "invalid character in path");
                out.write(c);
                continue;
            }
            if (i + 2 >= path.length()) throw new RegistryException(OciError.NAME_INVALID, "malformed percent-encoding");
            int hi = Character.digit(path.charAt(i + 1), 16), lo = Character.digit(path.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) throw new RegistryException(OciError.NAME_INVALID, "malformed percent-encoding");
            out.write(hi << 4 | lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
