package dev.ecrpublic.authorizer.authn;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OIDC issuer for tests: a JWKS endpoint on 127.0.0.1 (plain http, which the policy allows for loopback only)
 * serving the public halves of a fresh RSA and EC key, and a minter of tokens signed with them. The cli's end-to-end
 * tests use it too, through this module's test jar. Call {@link #close()} when done.
 */
public final class OidcTestIssuer implements AutoCloseable {
    private final RSAKey rsa;
    private final ECKey ec;
    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();

    private OidcTestIssuer(RSAKey rsa, ECKey ec, HttpServer server) {
        this.rsa = rsa;
        this.ec = ec;
        this.server = server;
    }

    public static OidcTestIssuer start() {
        try {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
            byte[] jwks = new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(true)
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OidcTestIssuer issuer = new OidcTestIssuer(rsa, ec, server);
            server.createContext("/jwks", exchange -> {
                issuer.jwksRequests.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return issuer;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code iss} of minted tokens. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI jwksUri() {
        return URI.create(issuer() + "/jwks");
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    public RSAKey rsaKey() {
        return rsa;
    }

    /** Claims with this issuer, the given subject and audience, valid from {@code now} for five minutes. */
    public JWTClaimsSet.Builder claims(String subject, String audience, Instant now) {
        return new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience(audience)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    public JWTClaimsSet.Builder claims(String subject, String audience, Instant now, Map<String, Object> extra) {
        JWTClaimsSet.Builder builder = claims(subject, audience, now);
        extra.forEach(builder::claim);
        return builder;
    }

    /** RS256 with the served RSA key. */
    public String mint(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims, rsa);
    }

    /** ES256 with the served EC key. */
    public String mintEs256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims, ec);
    }

    /** Signs with any key, e.g. one the JWKS does not serve. */
    public static String sign(JWSHeader header, JWTClaimsSet claims, JWK key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
