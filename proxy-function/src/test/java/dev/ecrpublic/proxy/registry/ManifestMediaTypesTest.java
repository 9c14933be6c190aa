package dev.ecrpublic.proxy.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.ecrpublic.proxy.registry.ManifestMediaTypes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ManifestMediaTypesTest {
    static Stream<Arguments> accepts() {
        return Stream.of(
                arguments("no Accept header", List.of(), ALL),
                arguments("wildcard", List.of("*/*"), ALL),
                arguments("only unknown types", List.of("application/json", "text/html"), ALL),
                arguments("separate lines, as skopeo sends them",
                        List.of(OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX),
                        List.of(OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX)),
                arguments("one comma-joined line, as containerd sends it",
                        List.of(DOCKER_MANIFEST + ", " + DOCKER_MANIFEST_LIST + ", " + OCI_MANIFEST + ", " + OCI_INDEX + ", */*"),
                        ALL),
                arguments("parameters and case",
                        List.of("Application/VND.oci.image.index.v1+json; q=0.9", DOCKER_MANIFEST + ";q=0.5"),
                        List.of(OCI_INDEX, DOCKER_MANIFEST)),
                arguments("repeats counted once", List.of(OCI_INDEX, OCI_INDEX + "," + OCI_INDEX), List.of(OCI_INDEX)),
                arguments("schema1 only", List.of(DOCKER_SCHEMA1_SIGNED), List.of(DOCKER_SCHEMA1_SIGNED)),
                arguments("unknown mixed with known", List.of("application/json", DOCKER_MANIFEST), List.of(DOCKER_MANIFEST)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepts")
    void negotiates(String name, List<String> headers, List<String> expected) {
        assertEquals(expected, accepted(headers));
    }
}
