package dev.ecrpublic.reference;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ReferenceGrammarTest {
    static final String SHA = "sha256:" + "a".repeat(64);

    static Stream<Arguments> names() {
        return Stream.of(
                arguments("single component", "hello", true),
                arguments("several components", "a/b/c", true),
                arguments("separators", "my-app.v2/sub__x/y_z", true),
                arguments("several dashes", "a--b", true),
                arguments("uppercase", "Hello", false),
                arguments("empty", "", false),
                arguments("leading slash", "/hello", false),
                arguments("trailing slash", "hello/", false),
                arguments("empty segment", "a//b", false),
                arguments("dot-dot segment", "a/../b", false),
                arguments("dot segment", "./a", false),
                arguments("triple underscore", "a___b", false),
                arguments("separator at end", "a-", false),
                arguments("percent", "a%2fb", false),
                arguments("colon", "a:b", false),
                arguments("longest allowed", "a".repeat(Grammar.NAME_MAX_LENGTH), true),
                arguments("too long for an ARN", "a".repeat(Grammar.NAME_MAX_LENGTH + 1), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void repositoryNames(String name, String value, boolean valid) {
        if (valid) {
            assertEquals(value, new RepositoryName(value).value());
        } else {
            RegistryException e = assertThrows(RegistryException.class, () -> new RepositoryName(value));
            assertEquals(OciError.NAME_INVALID, e.error());
        }
    }

    static Stream<Arguments> references() {
        return Stream.of(
                arguments("tag", "latest", "tag", null),
                arguments("tag with dots and dashes", "v1.2.3-rc_1", "tag", null),
                arguments("tag of 128", "a".repeat(128), "tag", null),
                arguments("tag of 129", "a".repeat(129), null, OciError.TAG_INVALID),
                arguments("tag starting with dot", ".hidden", null, OciError.TAG_INVALID),
                arguments("tag starting with dash", "-x", null, OciError.TAG_INVALID),
                arguments("sha256 digest", SHA, "digest", null),
                arguments("uppercase hex", "sha256:" + "A".repeat(64), null, OciError.DIGEST_INVALID),
                arguments("short hex", "sha256:abc", null, OciError.DIGEST_INVALID),
                arguments("sha512 is not ECR's", "sha512:" + "a".repeat(128), null, OciError.DIGEST_INVALID),
                arguments("no algorithm", ":" + "a".repeat(64), null, OciError.DIGEST_INVALID),
                arguments("garbage with colon", "x:y:z", null, OciError.DIGEST_INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void manifestReferences(String name, String value, String kind, OciError error) {
        if (error == null) {
            ManifestReference ref = ManifestReference.parse(value);
            if (kind.equals("tag")) assertInstanceOf(ManifestReference.ByTag.class, ref);
            else assertInstanceOf(ManifestReference.ByDigest.class, ref);
            assertEquals(value, ref.toString());
        } else {
            assertEquals(error, assertThrows(RegistryException.class, () -> ManifestReference.parse(value)).error());
        }
    }

    @Test
    void digestOfBytesMatchesOnlyThoseBytes() {
        byte[] content = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256Of(content);
        assertTrue(digest.matches(content));
        byte[] changed = content.clone();
        changed[changed.length - 2] = '3';
        assertTrue(!digest.matches(changed));
        // A known vector: sha256 of the empty string.
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.sha256Of(new byte[0]).value());
    }
}
