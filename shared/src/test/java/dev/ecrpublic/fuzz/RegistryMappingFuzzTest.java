package dev.ecrpublic.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ecrpublic.policy.PolicyException;
import dev.ecrpublic.policy.RegistryMapping;

/**
 * The registry mapping as the proxy reads it from the authorizer context: a mapping that survives its own round trip
 * and routes every name somewhere, or a PolicyException (the proxy then answers 500, never routes a guess).
 */
class RegistryMappingFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void contextValueParsesOrFailsTyped(@NotNull String value) {
        RegistryMapping mapping;
        try {
            mapping = RegistryMapping.fromContextValue(value);
        } catch (PolicyException expected) {
            return;
        }
        if (!RegistryMapping.fromContextValue(mapping.toContextValue()).equals(mapping))
            throw new AssertionError("a parsed mapping does not survive its round trip");
        for (var entry : mapping.entries()) {
            String name = entry.prefix() + "x";
            if (mapping.locate(name).repositoryName().isEmpty()) throw new AssertionError("routed to an empty name");
        }
    }
}
