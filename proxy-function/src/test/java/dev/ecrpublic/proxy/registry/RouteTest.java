package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.reference.ManifestReference;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.reference.Tag;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RouteTest {
    static final String HEX = "b".repeat(64);
    static final String SHA = "sha256:" + HEX;

    static RepositoryName name(String n) { return new RepositoryName(n); }

    static Route.Manifest tag(String n, String t) { return new Route.Manifest(name(n), new ManifestReference.ByTag(new Tag(t))); }

    static Stream<Arguments> routes() {
        return Stream.of(
                arguments("root", "/", new Route.Base()),
                arguments("empty path is the root", "", new Route.Base()),
                arguments("catalog", "/_catalog", new Route.Catalog()),
                arguments("catalog with trailing slash", "/_catalog/", new Route.Catalog()),
                arguments("tags", "/hello/tags/list", new Route.Tags(name("hello"))),
                arguments("tags of a nested name", "/a/b/c/tags/list", new Route.Tags(name("a/b/c"))),
                arguments("manifest by tag", "/hello/manifests/latest", tag("hello", "latest")),
                arguments("manifest by digest", "/a/b/manifests/" + SHA,
                        new Route.Manifest(name("a/b"), new ManifestReference.ByDigest(new Digest(SHA)))),
                arguments("percent-encoded colon in digest", "/a/manifests/sha256%3A" + HEX,
                        new Route.Manifest(name("a"), new ManifestReference.ByDigest(new Digest(SHA)))),
                arguments("percent-encoded name character", "/h%65llo/manifests/latest", tag("hello", "latest")),
                arguments("trailing slash", "/hello/manifests/latest/", tag("hello", "latest")),
                arguments("name with endpoint words", "/a/manifests/x/manifests/v1", tag("a/manifests/x", "v1")),
                arguments("blob", "/hello/blobs/" + SHA, new Route.Blob(name("hello"), new Digest(SHA))),
                arguments("upload start", "/hello/blobs/uploads/", new Route.BlobUpload(name("hello"))),
                arguments("upload session", "/hello/blobs/uploads/abc-123", new Route.BlobUpload(name("hello"))),
                arguments("referrers", "/hello/referrers/" + SHA, new Route.Referrers(name("hello"), new Digest(SHA))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void parses(String name, String path, Route expected) {
        assertEquals(expected, Route.parse(path));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                arguments("uppercase name", "/Hello/manifests/latest", OciError.NAME_INVALID),
                arguments("dot-dot", "/a/../b/manifests/latest", OciError.NAME_INVALID),
                arguments("encoded dot-dot", "/a/%2e%2e/b/manifests/latest", OciError.NAME_INVALID),
                arguments("encoded slash makes an empty segment", "/a%2f%2fb/manifests/latest", OciError.NAME_INVALID),
                arguments("double slash", "/a//b/tags/list", OciError.NAME_INVALID),
                arguments("double encoding stays encoded", "/h%2565llo/manifests/latest", OciError.NAME_INVALID),
                arguments("malformed escape", "/a%zz/manifests/latest", OciError.NAME_INVALID),
                arguments("truncated escape", "/a/manifests/latest%4", OciError.NAME_INVALID),
                arguments("truncated escape in name", "/a%4/tags/list", OciError.NAME_INVALID),
                arguments("non-ascii", "/h\u00e9llo/tags/list", OciError.NAME_INVALID),
                arguments("over-long path", "/" + "a".repeat(2000) + "/tags/list", OciError.NAME_INVALID),
                arguments("bad tag", "/hello/manifests/-bad", OciError.TAG_INVALID),
                arguments("bad digest", "/hello/manifests/sha256:xyz", OciError.DIGEST_INVALID),
                arguments("blob by tag", "/hello/blobs/latest", OciError.DIGEST_INVALID),
                arguments("referrers of a tag", "/hello/referrers/latest", OciError.DIGEST_INVALID),
                arguments("referrers of a malformed digest", "/hello/referrers/sha256:xyz", OciError.DIGEST_INVALID),
                arguments("unknown endpoint", "/hello/whatever", OciError.ENDPOINT_UNKNOWN),
                arguments("name alone", "/hello", OciError.ENDPOINT_UNKNOWN),
                arguments("manifests without reference", "/hello/manifests/", OciError.ENDPOINT_UNKNOWN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void refuses(String name, String path, OciError expected) {
        assertEquals(expected, assertThrows(RegistryException.class, () -> Route.parse(path)).error());
    }
}
