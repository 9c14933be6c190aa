package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.reference.RepositoryName;

/**
 * A repository under the name the client used, and where it really lives. Errors and logs speak of the name; only
 * the backing registry looks at the location, so an account id never reaches a client.
 */
public record LocatedRepository(RepositoryName name, RepositoryLocation location) {
    public static LocatedRepository own(RepositoryName name) {
        return new LocatedRepository(name, RepositoryLocation.own(name.value()));
    }
}
