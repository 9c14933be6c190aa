package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.AuthorizerContext;
import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

/**
 * The proxy's own reading of what the authorizer granted (defence in depth). API Gateway already evaluated the
 * authorizer's policy, but a method ARN's {@code *} crosses {@code /}: a token for {@code a} is allowed by
 * {@code .../GET/a/*} on {@code /a/sub/manifests/x} too, so only an exact name check here keeps {@code a/sub} private.
 */
sealed interface PullPermission {
    String DENIED_MESSAGE = "requested access to the resource is denied: log in with credentials that may pull it";

    /** No authorizer ({@code AuthMode.NONE}): everything is public. */
    record Everything() implements PullPermission {}

    record Granted(AuthorizerContext context) implements PullPermission {}

    static PullPermission of(AuthMode mode, GatewayRequest request) {
        if (mode == AuthMode.NONE) return new Everything();
        return AuthorizerContext.fromMap(request.authorizerContext())
                .<PullPermission>map(Granted::new)
                .orElseThrow(() -> new RegistryException(OciError.DENIED, DENIED_MESSAGE));
    }

    /** Throws DENIED unless this route is covered. The base route only needs a valid token. */
    default void require(Route route) {
        if (!(this instanceof Granted(AuthorizerContext context))) return;
        boolean allowed = switch (route) {
            case Route.Base b -> true;
            case Route.Catalog c -> context.access().catalog();
            default -> context.access().mayPull(route.repository().value());
        };
        if (!allowed) throw new RegistryException(OciError.DENIED, DENIED_MESSAGE);
    }

    /** Whether the catalog lists this repository for the caller. */
    default boolean catalogShows(String repository) {
        return !(this instanceof Granted(AuthorizerContext context)) || context.access().catalogShows(repository);
    }

    /** Where the names this caller may pull live: the mapping the token carries; the own registry without one. */
    default RegistryMapping registries() {
        return this instanceof Granted(AuthorizerContext context) ? context.access().registries() : RegistryMapping.NONE;
    }

    /** The caller, for the audit log: "" for anonymous, null without an authorizer. */
    default String principal() {
        return this instanceof Granted(AuthorizerContext context) ? context.principal() : null;
    }
}
