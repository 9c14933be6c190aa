package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.GatewayResponse;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.OciErrorResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The gallery's stylesheet and script, from the jar: the only files its pages load. */
enum StaticFiles {
    CSS("gallery.css", "text/css; charset=utf-8"),
    JS("gallery.js", "text/javascript; charset=utf-8");

    private final String name;
    private final String contentType;
    private volatile String content;

    StaticFiles(String name, String contentType) {
        this.name = name;
        this.contentType = contentType;
    }

    static GatewayResponse serve(String name, GatewayRequest request) {
        for (StaticFiles file : values())
            if (file.name.equals(name)) return GalleryPages.cached(request, file.contentType, file.content());
        return OciErrorResponse.of(OciError.ENDPOINT_UNKNOWN, OciError.ENDPOINT_UNKNOWN.message, Map.of());
    }

    private String content() {
        String c = content;
        if (c != null) return c;
        try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing from the jar: " + name);
            c = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        content = c;
        return c;
    }
}
