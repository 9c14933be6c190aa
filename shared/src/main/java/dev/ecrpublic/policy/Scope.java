package dev.ecrpublic.policy;

import java.util.List;
import java.util.Objects;

/**
 * One {@code type[(class)]:name:actions} item of a token request, as the client asked for it. Nothing here is granted
 * yet: names are not checked against the repository grammar until {@link AccessPolicy#grant} looks at them.
 */
public record Scope(String type, String resourceClass, String name, List<String> actions) {
    public Scope {
        Objects.requireNonNull(type, "type");
        resourceClass = resourceClass == null ? "" : resourceClass;
        Objects.requireNonNull(name, "name");
        actions = List.copyOf(actions);
    }

    public boolean hasAction(String action) {
        return actions.contains(action);
    }

    /** The wire form, so a scope can be echoed back (for example in a {@code WWW-Authenticate} challenge). */
    @Override
    public String toString() {
        return type + (resourceClass.isEmpty() ? "" : "(" + resourceClass + ")") + ":" + name + ":"
                + String.join(",", actions);
    }
}
