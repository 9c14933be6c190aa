package dev.ecrpublic.local.ecr;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@link LayerLinks} the way S3 serves a presigned GET: the bytes as application/octet-stream, HEAD for the
 * length alone, and a single byte range, which clients use to resume an interrupted download.
 */
final class LayerDownloads implements HttpHandler {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private record Span(long start, long length) {}

    private final LayerLinks links;

    LayerDownloads(LayerLinks links) {
        this.links = links;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
                return;
            }
            String token = exchange.getRequestURI().getPath().substring(LayerLinks.PATH.length());
            Optional<ImageStore.Blob> blob = links.resolve(token);
            if (blob.isEmpty()) {
                error(exchange, 403, "AccessDenied", "Request has expired or the signature does not match");
                return;
            }
            send(exchange, blob.get(), method.equals("HEAD"));
        }
    }

    private static void send(HttpExchange exchange, ImageStore.Blob blob, boolean headOnly) throws IOException {
        long size = blob.content().size();
        String range = exchange.getRequestHeaders().getFirst("Range");
        Span span = new Span(0, size);
        int status = 200;
        if (range != null) {
            Optional<Span> requested = span(range, size);
            if (requested.isEmpty()) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                error(exchange, 416, "InvalidRange", "The requested range is not satisfiable");
                return;
            }
            span = requested.get();
            status = 206;
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + span.start() + "-" + (span.start() + span.length() - 1) + "/" + size);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (headOnly) {
            // The JDK server writes no length for HEAD by itself; clients read the blob size from it.
            exchange.getResponseHeaders().set("Content-Length", Long.toString(span.length()));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        // A zero length would mean "chunked" to the JDK server; -1 is its way of saying "no body".
        exchange.sendResponseHeaders(status, span.length() == 0 ? -1 : span.length());
        try (InputStream in = blob.content().open(); OutputStream out = exchange.getResponseBody()) {
            in.skipNBytes(span.start());
            byte[] buffer = new byte[64 * 1024];
            long remaining = span.length();
            while (remaining > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read < 0) throw new IOException("blob " + blob.digest() + " ended before its recorded size");
                out.write(buffer, 0, read);
                remaining -= read;
            }
        }
    }

    /** Only the one form clients send, "bytes=start-" or "bytes=start-end"; anything else is unsatisfiable. */
    private static Optional<Span> span(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches()) return Optional.empty();
        long start = Long.parseLong(m.group(1));
        long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (start >= size || end < start) return Optional.empty();
        return Optional.of(new Span(start, end - start + 1));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
