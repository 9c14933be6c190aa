package dev.ecrpublic.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RepositoryGlobTest {
    static Stream<Arguments> matching() {
        return Stream.of(
                arguments("literal", "hello", "hello", true),
                arguments("literal mismatch", "hello", "hello2", false),
                arguments("literal is not a prefix", "hello", "hello/x", false),
                arguments("star within a segment", "public/*", "public/app", true),
                arguments("star stops at slash", "public/*", "public/a/b", false),
                arguments("star needs the prefix", "public/*", "private/app", false),
                arguments("double star crosses segments", "public/**", "public/a/b", true),
                arguments("double star one segment", "public/**", "public/app", true),
                arguments("double star does not match the parent", "public/**", "public", false),
                arguments("double star alone matches everything", "**", "a/b/c", true),
                arguments("single star alone matches one segment", "*", "hello", true),
                arguments("single star alone not two", "*", "a/b", false),
                arguments("star inside a segment", "team-*-prod", "team-x-prod", true),
                arguments("star inside a segment, wrong suffix", "team-*-prod", "team-x-dev", false),
                arguments("dot is literal", "a.b", "axb", false),
                arguments("dot matches dot", "a.b", "a.b", true),
                arguments("leading double star", "**/base", "x/y/base", true),
                arguments("leading double star wrong leaf", "**/base", "x/y/other", false),
                arguments("null never matches", "**", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void matches(String name, String pattern, String repository, boolean expected) {
        assertEquals(expected, RepositoryGlob.parse(pattern).matches(repository));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("null", null),
                arguments("empty", ""),
                arguments("too long", "a".repeat(257)),
                arguments("uppercase", "Public/*"),
                arguments("regex metacharacters", "a.+"),
                arguments("brackets", "[a-z]"),
                arguments("space", "a b"),
                arguments("colon", "host:5000/a"),
                arguments("triple star", "***"),
                arguments("double star inside a segment", "a**b"),
                arguments("double star with suffix", "public/**x"),
                arguments("empty segment", "a//b"),
                arguments("leading slash", "/a"),
                arguments("trailing slash", "a/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesBadPatterns(String name, String pattern) {
        PolicyException e = assertThrows(PolicyException.class, () -> RepositoryGlob.parse(pattern));
        assertTrue(e.getMessage().contains("repository pattern"), e.getMessage());
    }

    @Test
    void equalityAndToStringArePattern() {
        assertEquals(RepositoryGlob.parse("a/*"), RepositoryGlob.parse("a/*"));
        assertEquals(RepositoryGlob.parse("a/*").hashCode(), RepositoryGlob.parse("a/*").hashCode());
        assertNotEquals(RepositoryGlob.parse("a/*"), RepositoryGlob.parse("a/**"));
        assertEquals("a/*", RepositoryGlob.parse("a/*").toString());
        assertEquals("a/*", RepositoryGlob.parse("a/*").pattern());
        assertTrue(RepositoryGlob.parse("a".repeat(256)).matches("a".repeat(256)));
    }
}
