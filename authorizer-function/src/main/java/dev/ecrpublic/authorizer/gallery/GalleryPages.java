package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.gateway.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How a gallery page goes out: HTML or, for {@code ?format=json} or a client that asks for JSON and not HTML, JSON;
 * a strict Content-Security-Policy (the page's own stylesheet and script, nothing else from anywhere); a short public
 * cache lifetime and an ETag, so a revalidation costs no body.
 */
final class GalleryPages {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; script-src 'self'; "
            + "img-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String CACHE_CONTROL = "public, max-age=" + GalleryApp.READ_TTL.toSeconds();
    /** What a Host header may be for the pull commands to repeat it; anything else is shown as a placeholder. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?");

    private GalleryPages() {}

    static GatewayResponse page(GatewayRequest request, String html, String json) {
        boolean asJson = wantsJson(request);
        return cached(request, asJson ? "application/json" : "text/html; charset=utf-8", asJson ? json : html);
    }

    /** The answer with the gallery's headers, or 304 without a body when the client holds this very version. */
    static GatewayResponse cached(GatewayRequest request, String contentType, String body) {
        String etag = etag(body);
        Headers headers = Headers.of("Content-Type", contentType, "Cache-Control", CACHE_CONTROL, "ETag", etag,
                "Vary", "Accept", "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");
        if (request.headers().all("If-None-Match").stream().anyMatch(v -> v.contains(etag)))
            return new GatewayResponse(304, headers, "");
        headers.set("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return new GatewayResponse(200, headers, body);
    }

    static boolean wantsJson(GatewayRequest request) {
        if (request.queryParameter("format").map("json"::equals).orElse(false)) return true;
        String accept = String.join(",", request.headers().all("Accept"));
        return accept.contains("application/json") && !accept.contains("text/html");
    }

    /** The host clients pull from: the one this page was asked for on. */
    static String host(GatewayRequest request) {
        return request.headers().first("Host").filter(h -> HOST.matcher(h).matches()).orElse("HOST");
    }

    private static String etag(String body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
