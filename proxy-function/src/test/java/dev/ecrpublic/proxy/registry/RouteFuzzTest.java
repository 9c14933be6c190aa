package dev.ecrpublic.proxy.registry;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.ecrpublic.reference.RepositoryName;
import dev.ecrpublic.registry.RegistryException;

/** Paths as API Gateway hands them on: a route whose repository name meets the grammar, or a typed error. */
class RouteFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void pathsRouteOrFailTyped(@NotNull String path) {
        Route route;
        try {
            route = Route.parse(path);
        } catch (RegistryException expected) {
            return;
        }
        RepositoryName name = route.repository();
        if (name != null && new RepositoryName(name.value()).value().length() > 256)
            throw new AssertionError("a name over 256 characters was routed");
    }
}
