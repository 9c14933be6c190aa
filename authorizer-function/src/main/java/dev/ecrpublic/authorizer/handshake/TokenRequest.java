package dev.ecrpublic.authorizer.handshake;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.policy.Scope;
import dev.ecrpublic.policy.ScopeRequest;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request to {@code /v2/token}, in either dialect: Docker's token spec ({@code GET} with {@code service},
 * {@code scope}, {@code offline_token} and optional Basic credentials) or its OAuth2 variant ({@code POST} form with
 * {@code grant_type} password or refresh_token). {@code service} is empty when the client did not name one.
 */
public record TokenRequest(String service, List<Scope> scopes, Grant grant, boolean offline, String clientId) {
    /** Longest form body we read; a token request is a few hundred bytes, an OIDC JWT a few kilobytes. */
    static final int MAX_BODY_CHARS = 16 * 1024;
    /** Longest Authorization header we decode: Basic with an OIDC JWT as the password fits several times over. */
    static final int MAX_AUTHORIZATION_CHARS = 8 * 1024;

    public sealed interface Grant {
        record Anonymous() implements Grant {}

        record Password(String username, String password) implements Grant {
            @Override
            public String toString() {
                return "Password[" + username + ", ***]";
            }
        }

        record Refresh(String refreshToken) implements Grant {
            @Override
            public String toString() {
                return "Refresh[***]";
            }
        }
    }

    public static TokenRequest parse(GatewayRequest request) {
        return switch (request.method()) {
            case "GET" -> fromQuery(request);
            case "POST" -> fromForm(request);
            default -> throw new RegistryException(OciError.METHOD_UNSUPPORTED);
        };
    }

    private static TokenRequest fromQuery(GatewayRequest request) {
        Map<String, List<String>> query = request.query();
        Grant grant = basic(request).<Grant>map(b -> b).orElse(new Grant.Anonymous());
        return new TokenRequest(first(query, "service"), ScopeRequest.parse(query.getOrDefault("scope", List.of())),
                grant, "true".equalsIgnoreCase(first(query, "offline_token")), first(query, "client_id"));
    }

    private static TokenRequest fromForm(GatewayRequest request) {
        String contentType = request.headers().first("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/x-www-form-urlencoded"))
            throw invalid("the token endpoint takes application/x-www-form-urlencoded forms");
        String body = request.body() == null ? "" : request.body();
        if (request.bodyBase64()) body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        if (body.length() > MAX_BODY_CHARS) throw invalid("form too large");
        Map<String, List<String>> form = FormEncoding.decode(body);
        Grant grant = switch (first(form, "grant_type")) {
            case "password" -> {
                String username = first(form, "username");
                if (username.isEmpty()) throw invalid("grant_type=password needs username and password");
                yield new Grant.Password(username, first(form, "password"));
            }
            case "refresh_token" -> {
                String token = first(form, "refresh_token");
                if (token.isEmpty()) throw invalid("grant_type=refresh_token needs refresh_token");
                yield new Grant.Refresh(token);
            }
            case "" -> throw invalid("grant_type is required");
            default -> throw invalid("unsupported grant_type");
        };
        return new TokenRequest(first(form, "service"), ScopeRequest.parse(form.getOrDefault("scope", List.of())),
                grant, "offline".equals(first(form, "access_type")), first(form, "client_id"));
    }

    /**
     * Basic credentials from the Authorization header. Any other scheme is refused rather than treated as anonymous:
     * a client that meant to authenticate must never get an anonymous token instead.
     */
    private static Optional<Grant.Password> basic(GatewayRequest request) {
        Optional<String> header = request.headers().first("Authorization");
        if (header.isEmpty() || header.get().isBlank()) return Optional.empty();
        String value = header.get().trim();
        if (value.length() > MAX_AUTHORIZATION_CHARS)
            throw new RegistryException(OciError.UNAUTHORIZED, "the Authorization header is too long");
        if (!value.regionMatches(true, 0, "Basic ", 0, 6))
            throw new RegistryException(OciError.UNAUTHORIZED, "the token endpoint takes Basic credentials");
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(OciError.UNAUTHORIZED, "malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) throw new RegistryException(OciError.UNAUTHORIZED, "malformed Basic credentials");
        return Optional.of(new Grant.Password(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static RegistryException invalid(String message) {
        return new RegistryException(OciError.REQUEST_INVALID, message);
    }
}
