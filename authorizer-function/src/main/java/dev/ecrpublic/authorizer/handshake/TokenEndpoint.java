package dev.ecrpublic.authorizer.handshake;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.authorizer.ServiceName;
import dev.ecrpublic.authorizer.authn.AuthnOutcome;
import dev.ecrpublic.authorizer.authn.CredentialChain;
import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.log.Metric;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.Principal;
import dev.ecrpublic.policy.RepositoryTags;
import dev.ecrpublic.authorizer.tags.RepositoryTagSource;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;
import dev.ecrpublic.registry.RegistryException;
import dev.ecrpublic.token.IssuedToken;
import dev.ecrpublic.token.RefreshVerification;
import dev.ecrpublic.token.TokenIssuer;
import dev.ecrpublic.token.TokenVerifier;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Consumer;

/**
 * {@code /v2/token}: who is asking (authentication), what they may have of what they asked for (the access policy),
 * then a signed token carrying exactly that. Asking for more than allowed is not an error: the token carries less.
 * Failed authentication is a 401, never an anonymous token.
 */
public final class TokenEndpoint {
    /** Clients refresh before expiry; a shorter token would make them ask on nearly every request. */
    static final long MIN_EXPIRES_IN = 60;
    /** A refresh token outlives many access tokens but not its credential, nor two key rotations. */
    static final Duration MAX_REFRESH_LIFETIME = Duration.ofDays(90);

    /** Repositories whose tags one token request may have read. */
    static final int MAX_TAG_READS = 16;

    private final RepositoryTagSource tags;
    private final AccessSource access;
    private final CredentialChain credentials;
    private final TokenIssuer issuer;
    private final TokenVerifier verifier;
    private final ServiceName service;
    private final Clock clock;
    private final Consumer<String> log;

    public TokenEndpoint(AccessSource access, CredentialChain credentials, TokenIssuer issuer, TokenVerifier verifier,
                         ServiceName service, Clock clock, Consumer<String> log) {
        this(access, credentials, issuer, verifier, RepositoryTagSource.NONE, service, clock, log);
    }

    /** {@code tags} is read only when the policy turns tag access on. */
    public TokenEndpoint(AccessSource access, CredentialChain credentials, TokenIssuer issuer, TokenVerifier verifier,
                         RepositoryTagSource tags, ServiceName service, Clock clock, Consumer<String> log) {
        this.tags = tags;
        this.access = access;
        this.credentials = credentials;
        this.issuer = issuer;
        this.verifier = verifier;
        this.service = service;
        this.clock = clock;
        this.log = log;
    }

    public GatewayResponse serve(GatewayRequest request) {
        LogLine line = LogLine.info("token request").with("requestId", request.requestId())
                .with("method", request.method());
        GatewayResponse response;
        try {
            response = issue(request, line);
        } catch (RegistryException e) {
            line.with("error", e.error().code).with("reason", e.getMessage());
            response = OciErrorResponse.from(e, request.requestId());
        } catch (RuntimeException e) {
            line.with("exception", e.getClass().getName());
            response = OciErrorResponse.from(e, request.requestId());
        }
        // Tokens are credentials: no cache on the way may keep one.
        response.headers().set("Cache-Control", "no-store");
        response.headers().set(OciErrorResponse.API_VERSION_HEADER, OciErrorResponse.API_VERSION);
        int status = response.status();
        line.with("status", status)
                .with("outcome", status >= 500 ? "failed" : status >= 400 ? "refused"
                        : line.text("principalKind").orElse("anonymous"))
                .metrics(List.of(List.of("outcome")), Metric.count("tokenRequests", 1))
                .writeTo(log);
        return response;
    }

    private GatewayResponse issue(GatewayRequest request, LogLine line) {
        TokenRequest tokenRequest = TokenRequest.parse(request);
        String audience = service.resolve(request.headers());
        if (!tokenRequest.service().isEmpty() && !tokenRequest.service().equals(audience))
            throw new RegistryException(OciError.REQUEST_INVALID, "unknown service " + tokenRequest.service());
        line.with("clientId", tokenRequest.clientId().isEmpty() ? null : tokenRequest.clientId())
                .with("grant", tokenRequest.grant().getClass().getSimpleName().toLowerCase())
                .with("scopes", tokenRequest.scopes().size());
        // The name a login gave, right or wrong: what an operator looks for among failed logins. Never the password.
        if (tokenRequest.grant() instanceof TokenRequest.Grant.Password p)
            line.with("username", p.username().length() <= 128 ? p.username() : p.username().substring(0, 128) + "...");

        AccessPolicy policy = access.current().effectivePolicy();
        Authentication who = authenticate(tokenRequest.grant(), audience);
        line.with("principal", who.identity().principal().name())
                .with("principalKind", who.identity().principal().kind().name().toLowerCase());

        GrantedAccess granted = policy.grant(who.identity(), tokenRequest.scopes(), policy.tagAccess()
                ? budgeted(tags.cachedFor(Duration.ofSeconds(policy.tagCacheSeconds())), line) : RepositoryTags.NONE);
        line.with("granted", String.join(" ", granted.pullableRepositories()));
        if (policy.tagAccess()) line.with("grantedByTags", byTags(policy, who.identity(), tokenRequest, granted));
        Instant now = clock.instant();
        long ttl = policy.tokenTtlSeconds();
        if (who.validUntil().isPresent())
            ttl = Math.min(ttl, Duration.between(now, who.validUntil().get()).toSeconds());
        ttl = Math.max(ttl, MIN_EXPIRES_IN);
        IssuedToken token = issuer.issue(who.identity().principal().subject(), audience, granted, Duration.ofSeconds(ttl));

        Optional<String> refresh = Optional.empty();
        if (tokenRequest.offline() && tokenRequest.grant() instanceof TokenRequest.Grant.Password) {
            Instant until = now.plus(MAX_REFRESH_LIFETIME);
            if (who.validUntil().isPresent() && who.validUntil().get().isBefore(until)) until = who.validUntil().get();
            refresh = Optional.of(issuer.issueRefresh(who.identity().principal().subject(), audience,
                    who.refreshGrant(), until));
        }
        return GatewayResponse.json(200, body(token, refresh), Headers.empty());
    }

    /**
     * At most {@link #MAX_TAG_READS} repositories' tags per token request: anyone may ask for 64 scopes of made-up
     * names, and each would otherwise cost ECR calls. Clients ask for one or two; beyond the budget tags grant nothing.
     */
    private static RepositoryTags budgeted(RepositoryTags tags, LogLine line) {
        int[] reads = {0};
        return location -> {
            if (++reads[0] > MAX_TAG_READS) {
                line.with("tagReadsRefused", reads[0] - MAX_TAG_READS);
                return Map.of();
            }
            return tags.of(location);
        };
    }

    /** Which granted names only a tag admitted, for the audit line: the grant again without tags, which reads nothing. */
    private static String byTags(AccessPolicy policy, Identity who, TokenRequest request, GrantedAccess granted) {
        Set<String> byPatterns = policy.grant(who, request.scopes()).pullableRepositories();
        return granted.pullableRepositories().stream().filter(n -> !byPatterns.contains(n)).collect(Collectors.joining(" "));
    }

    private record Authentication(Identity identity, Optional<Instant> validUntil,
                                  Map<String, Object> refreshGrant) {}

    private Authentication authenticate(TokenRequest.Grant grant, String audience) {
        AuthnOutcome outcome = switch (grant) {
            case TokenRequest.Grant.Anonymous a -> null;
            case TokenRequest.Grant.Password p -> credentials.verify(p.username(), p.password());
            case TokenRequest.Grant.Refresh r -> switch (verifier.verifyRefresh(r.refreshToken(), audience)) {
                case RefreshVerification.Valid v -> credentials.refresh(v.grant());
                case RefreshVerification.Invalid i -> new AuthnOutcome.Rejected("refresh token: " + i.reasonForLog());
            };
        };
        if (outcome == null) return new Authentication(new Identity(Principal.ANONYMOUS, List.of()),
                Optional.empty(), Map.of());
        return switch (outcome) {
            case AuthnOutcome.Authenticated ok -> new Authentication(ok.identity(), ok.validUntil(), ok.refreshGrant());
            case AuthnOutcome.NoMatch n -> throw unauthorized("no verifier accepted the credentials");
            case AuthnOutcome.Rejected r -> throw unauthorized(r.reasonForLog());
        };
    }

    /** The reason goes to the log only; the client learns nothing it could use to guess. */
    private RegistryException unauthorized(String reasonForLog) {
        LogLine.warn("authentication failed").with("reason", reasonForLog).writeTo(log);
        return new RegistryException(OciError.UNAUTHORIZED, "incorrect username or password");
    }

    private static String body(IssuedToken token, Optional<String> refresh) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            g.writeStringField("token", token.token());
            g.writeStringField("access_token", token.token());
            g.writeNumberField("expires_in", token.expiresInSeconds());
            g.writeStringField("issued_at", token.issuedAt().toString());
            if (refresh.isPresent()) g.writeStringField("refresh_token", refresh.get());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }
}
