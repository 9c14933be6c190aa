package dev.ecrpublic.authorizer.gallery;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.ProxyIntegrationJson;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The gallery's data for scripts: the same pages as {@link GalleryHtml}, with links to the next page. */
final class GalleryJson {
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private GalleryJson() {}

    static String list(RepositoryList list, String host) {
        return write(g -> {
            g.writeArrayFieldStart("repositories");
            for (String name : list.names()) {
                g.writeStartObject();
                g.writeStringField("name", name);
                g.writeStringField("pull", "docker pull " + host + "/" + name);
                g.writeStringField("url", GalleryHtml.BASE + "/" + name + "?format=json");
                g.writeEndObject();
            }
            g.writeEndArray();
            paging(g, list.page(), list.pages(), list.total(), GalleryHtml.BASE + "?format=json"
                    + (list.query().isEmpty() ? "" : "&q=" + URLEncoder.encode(list.query(), StandardCharsets.UTF_8)));
        });
    }

    static String repository(RepositoryView view, String host) {
        return write(g -> {
            g.writeStringField("name", view.name());
            g.writeArrayFieldStart("tags");
            for (TagRow row : view.tags()) {
                g.writeStartObject();
                g.writeStringField("tag", row.tag());
                g.writeStringField("digest", row.digest());
                g.writeArrayFieldStart("platforms");
                for (String p : row.platforms()) g.writeString(p);
                g.writeEndArray();
                g.writeNumberField("size", row.size());
                g.writeStringField("pushedAt", row.pushedAt().toString());
                g.writeStringField("pull", "docker pull " + host + "/" + view.name() + ":" + row.tag());
                g.writeStringField("pullByDigest", "docker pull " + host + "/" + view.name() + "@" + row.digest());
                g.writeEndObject();
            }
            g.writeEndArray();
            paging(g, view.page(), view.pages(), view.total(), GalleryHtml.BASE + "/" + view.name() + "?format=json");
        });
    }

    private static void paging(JsonGenerator g, int page, int pages, int total, String self) throws IOException {
        g.writeNumberField("page", page);
        g.writeNumberField("pages", pages);
        g.writeNumberField("total", total);
        if (page < pages) g.writeStringField("next", self + "&page=" + (page + 1));
    }

    private static String write(Body body) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }
}
