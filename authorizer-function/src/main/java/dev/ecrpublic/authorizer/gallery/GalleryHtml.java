package dev.ecrpublic.authorizer.gallery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The gallery's pages as plain HTML: every value written through {@link #escape}, the stylesheet and script from the
 * gallery's own static files (so the Content-Security-Policy can refuse everything else), and working links and forms
 * without any script at all.
 */
final class GalleryHtml {
    static final String BASE = "/v2/_gallery";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private GalleryHtml() {}

    static String list(RepositoryList list, String host) {
        StringBuilder h = head("Public repositories on " + host);
        h.append("<header><h1>Public repositories</h1><p>Pull these from <code>").append(escape(host))
                .append("</code> without logging in.</p></header>\n<main>\n");
        h.append("<form role=\"search\" method=\"get\" action=\"").append(BASE).append("\">")
                .append("<label for=\"filter\">Filter repositories</label> ")
                .append("<input id=\"filter\" name=\"q\" type=\"search\" autocomplete=\"off\" value=\"")
                .append(escape(list.query())).append("\" data-filter=\"repositories\"> ")
                .append("<button type=\"submit\">Search all pages</button></form>\n");
        if (list.names().isEmpty()) h.append("<p>No public repositories").append(list.query().isEmpty() ? "" : " match")
                .append(".</p>\n");
        h.append("<ul id=\"repositories\" class=\"repositories\">\n");
        for (String name : list.names()) {
            String pull = "docker pull " + host + "/" + name;
            h.append("<li data-name=\"").append(escape(name)).append("\"><a href=\"").append(repositoryPath(name))
                    .append("\">").append(escape(name)).append("</a> ");
            command(h, pull);
            h.append("</li>\n");
        }
        h.append("</ul>\n<p id=\"no-match\" hidden>No repository on this page matches.</p>\n");
        pager(h, BASE + "?" + (list.query().isEmpty() ? "" : "q=" + query(list.query()) + "&"), list.page(),
                list.pages(), count(list.total(), "repository", "repositories"));
        return foot(h);
    }

    static String repository(RepositoryView view, String host) {
        StringBuilder h = head(view.name() + " on " + host);
        h.append("<header><p><a href=\"").append(BASE).append("\">All public repositories</a></p><h1>")
                .append(escape(view.name())).append("</h1></header>\n<main>\n");
        if (view.tags().isEmpty()) h.append("<p>This repository has no tags.</p>\n");
        else h.append("<table>\n<caption>Tags, newest first</caption>\n<thead><tr><th scope=\"col\">Tag</th>")
                .append("<th scope=\"col\">Platforms</th><th scope=\"col\">Size</th><th scope=\"col\">Pushed</th>")
                .append("<th scope=\"col\">Pull</th></tr></thead>\n<tbody>\n");
        for (TagRow row : view.tags()) {
            String reference = host + "/" + view.name();
            h.append("<tr><th scope=\"row\">").append(escape(row.tag())).append("<br><code class=\"digest\" title=\"")
                    .append(escape(row.digest())).append("\">").append(escape(shortDigest(row.digest())))
                    .append("</code></th><td>")
                    .append(row.platforms().isEmpty() ? "single platform" : escape(String.join(", ", row.platforms())))
                    .append("</td><td class=\"nowrap\">").append(size(row.size()))
                    .append("</td><td class=\"nowrap\"><time datetime=\"")
                    .append(row.pushedAt()).append("\">").append(SHOWN.format(row.pushedAt())).append("</time></td><td>");
            command(h, "docker pull " + reference + ":" + row.tag());
            command(h, "docker pull " + reference + "@" + row.digest());
            h.append("</td></tr>\n");
        }
        if (!view.tags().isEmpty()) h.append("</tbody>\n</table>\n");
        pager(h, repositoryPath(view.name()) + "?", view.page(), view.pages(), count(view.total(), "tag", "tags"));
        return foot(h);
    }

    /** A pull command with its copy button; the button does nothing without the script, the text stays selectable. */
    private static void command(StringBuilder h, String command) {
        h.append("<span class=\"command\"><code>").append(escape(command))
                .append("</code><button type=\"button\" class=\"copy\" data-copy=\"").append(escape(command))
                .append("\" aria-label=\"Copy: ").append(escape(command)).append("\">Copy</button></span> ");
    }

    private static void pager(StringBuilder h, String prefix, int page, int pages, String total) {
        h.append("<nav aria-label=\"Pages\"><p>").append(escape(total)).append(", page ").append(page).append(" of ")
                .append(pages);
        if (page > 1) h.append(" <a rel=\"prev\" href=\"").append(escape(prefix + "page=" + (page - 1)))
                .append("\">Previous</a>");
        if (page < pages) h.append(" <a rel=\"next\" href=\"").append(escape(prefix + "page=" + (page + 1)))
                .append("\">Next</a>");
        h.append("</p></nav>\n");
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String repositoryPath(String name) {
        // Names are [a-z0-9._/-]: nothing to encode, but escaped anyway where written.
        return escape(BASE + "/" + name);
    }

    private static StringBuilder head(String title) {
        return new StringBuilder(4096).append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<link rel=\"stylesheet\" href=\"").append(BASE)
                .append("/_static/gallery.css\">\n<script src=\"").append(BASE)
                .append("/_static/gallery.js\" defer></script>\n</head>\n<body>\n");
    }

    private static String foot(StringBuilder h) {
        return h.append("</main>\n<footer><p>Data as of at most a minute ago. Also as JSON: add <code>?format=json")
                .append("</code>.</p></footer>\n</body>\n</html>\n").toString();
    }

    static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon >= 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Text and attribute values alike: the five characters HTML gives meaning to. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
