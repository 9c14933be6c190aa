package dev.ecrpublic.authorizer;

import dev.ecrpublic.gateway.AuthorizerContext;
import dev.ecrpublic.log.LogLine;
import dev.ecrpublic.log.Metric;
import dev.ecrpublic.keys.KeySource;
import dev.ecrpublic.token.TokenVerifier;
import dev.ecrpublic.token.Verification;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The REQUEST authorizer without Lambda: a bearer token in, either a policy covering everything that token may pull
 * or "Unauthorized" (API Gateway then answers 401 with the challenge). Each refusal's precise reason is logged; the
 * client only ever learns that it is unauthorized.
 */
public final class RequestAuthorizer {
    /** Far above any JWT we issue; bounds the work a hostile header can cause. */
    static final int MAX_AUTHORIZATION_LENGTH = 8 * 1024;

    public sealed interface Decision {
        record Allow(PolicyDocument policy) implements Decision {}

        record Unauthorized(String reasonForLog) implements Decision {}
    }

    private final TokenVerifier verifier;
    private final VerifiedTokens verified;
    private final ServiceName service;
    private final Consumer<String> log;

    public RequestAuthorizer(KeySource keys, String issuer, ServiceName service, Clock clock, Consumer<String> log) {
        this.verifier = new TokenVerifier(keys, clock, issuer);
        this.verified = new VerifiedTokens(clock, kid -> kid != null && keys.verificationKey(kid).isPresent());
        this.service = service;
        this.log = log;
    }

    /** Forgets verified tokens (after a SnapStart restore, where the keys may have moved on). */
    void forgetVerified() {
        verified.clear();
    }

    public Decision authorize(AuthorizerRequest request) {
        Decision decision = decide(request);
        LogLine line = switch (decision) {
            case Decision.Allow allow -> LogLine.info("authorized")
                    .with("principal", allow.policy().principalId())
                    .with("granted", allow.policy().context().get("repositories"))
                    .with("decision", "allow");
            case Decision.Unauthorized refused -> LogLine.warn("unauthorized").with("reason", refused.reasonForLog())
                    .with("decision", "deny");
        };
        line.with("requestId", request.requestId()).with("methodArn", request.methodArn())
                .metrics(List.of(List.of("decision")), Metric.count("authorizations", 1))
                .writeTo(log);
        return decision;
    }

    private Decision decide(AuthorizerRequest request) {
        Optional<String> bearer = bearer(request);
        if (bearer.isEmpty()) return new Decision.Unauthorized("no bearer token");
        String audience;
        try {
            audience = service.resolve(request.headers());
        } catch (RuntimeException e) {
            return new Decision.Unauthorized("no service to check the audience against");
        }
        Optional<Verification.Valid> known = verified.get(audience, bearer.get());
        Verification verification = known.isPresent() ? known.get() : verifier.verify(bearer.get(), audience);
        if (known.isEmpty() && verification instanceof Verification.Valid valid) verified.put(audience, bearer.get(), valid);
        return switch (verification) {
            case Verification.Invalid invalid -> new Decision.Unauthorized(invalid.reasonForLog());
            case Verification.Valid valid -> {
                String principalId = valid.subject().isEmpty() ? "anonymous" : valid.subject();
                AuthorizerContext context = new AuthorizerContext(valid.subject(), valid.access());
                try {
                    yield new Decision.Allow(PolicyDocument.allowing(request.methodArn(), principalId,
                            valid.access(), context.toMap()));
                } catch (IllegalArgumentException e) {
                    yield new Decision.Unauthorized("unusable method ARN");
                }
            }
        };
    }

    private static Optional<String> bearer(AuthorizerRequest request) {
        String header = request.headers().first("Authorization").orElse("").trim();
        if (header.length() > MAX_AUTHORIZATION_LENGTH) return Optional.empty();
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
