package dev.ecrpublic.policy;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ScopeRequestTest {
    static Scope scope(String type, String resourceClass, String name, String... actions) {
        return new Scope(type, resourceClass, name, List.of(actions));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("one pull", List.of("repository:hello:pull"), List.of(scope("repository", "", "hello", "pull"))),
                arguments("pull and push", List.of("repository:a/b:pull,push"),
                        List.of(scope("repository", "", "a/b", "pull", "push"))),
                arguments("several in one param (containerd)", List.of("repository:a:pull repository:b:pull"),
                        List.of(scope("repository", "", "a", "pull"), scope("repository", "", "b", "pull"))),
                arguments("several params", List.of("repository:a:pull", "registry:catalog:*"),
                        List.of(scope("repository", "", "a", "pull"), scope("registry", "", "catalog", "*"))),
                arguments("extra spaces ignored", List.of("  repository:a:pull   "), List.of(scope("repository", "", "a", "pull"))),
                arguments("empty param ignored", List.of(""), List.of()),
                arguments("no params", List.of(), List.of()),
                arguments("resource class", List.of("repository(plugin):vendor/x:pull"),
                        List.of(scope("repository", "plugin", "vendor/x", "pull"))),
                arguments("host:port name", List.of("repository:127.0.0.1:5000/hello:pull"),
                        List.of(scope("repository", "", "127.0.0.1:5000/hello", "pull"))),
                arguments("uppercase name parses (policy decides)", List.of("repository:Hello:pull"),
                        List.of(scope("repository", "", "Hello", "pull"))),
                arguments("unknown type parses", List.of("thing:x:read"), List.of(scope("thing", "", "x", "read"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidScopes(String name, List<String> params, List<Scope> expected) {
        assertEquals(expected, ScopeRequest.parse(params));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("one colon", "repository:hello"),
                arguments("no colon", "repository"),
                arguments("empty type", ":hello:pull"),
                arguments("empty name", "repository::pull"),
                arguments("empty actions", "repository:hello:"),
                arguments("empty action in list", "repository:hello:pull,"),
                arguments("uppercase action", "repository:hello:PULL"),
                arguments("bad action characters", "repository:hello:pu-ll"),
                arguments("bad type characters", "repo_sitory:hello:pull"),
                arguments("unclosed class", "repository(plugin:hello:pull"),
                arguments("empty class", "repository():hello:pull"),
                arguments("control character", "repository:hel\u0001lo:pull"),
                arguments("newline", "repository:hello:pull\nrepository:x:pull"),
                arguments("tab", "repository:hello:pull\trepository:x:pull"),
                arguments("bad name characters", "repository:hel%lo:pull"),
                arguments("non-ascii", "repository:héllo:pull"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesBadScopes(String name, String param) {
        ScopeException e = assertThrows(ScopeException.class, () -> ScopeRequest.parse(List.of(param)));
        assertInstanceOf(RegistryException.class, e);
        assertEquals(OciError.SCOPE_INVALID, e.error());
        assertEquals(400, e.error().status);
        assertTrue(e.getMessage().startsWith("invalid scope: "), e.getMessage());
        assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), "no control characters in the message");
    }

    @Test
    void messageIsTruncated() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> ScopeRequest.parse(List.of("repository:" + "a".repeat(500))));
        assertTrue(e.getMessage().length() < 130, e.getMessage());
    }

    @Test
    void boundsTheNumberOfScopes() {
        List<String> max = new ArrayList<>(Collections.nCopies(ScopeRequest.MAX_SCOPES, "repository:a:pull"));
        assertEquals(ScopeRequest.MAX_SCOPES, ScopeRequest.parse(max).size());
        max.add("repository:b:pull");
        ScopeException e = assertThrows(ScopeException.class, () -> ScopeRequest.parse(max));
        assertEquals(OciError.SCOPE_INVALID, e.error());
        String oneParam = String.join(" ", Collections.nCopies(ScopeRequest.MAX_SCOPES + 1, "repository:a:pull"));
        assertThrows(RegistryException.class, () -> ScopeRequest.parse(List.of(oneParam)));
    }

    @Test
    void toStringIsTheWireForm() {
        for (String wire : List.of("repository:a/b:pull,push", "repository(plugin):x:pull", "registry:catalog:*",
                "repository:127.0.0.1:5000/hello:pull"))
            assertEquals(wire, ScopeRequest.parse(List.of(wire)).getFirst().toString());
    }
}
