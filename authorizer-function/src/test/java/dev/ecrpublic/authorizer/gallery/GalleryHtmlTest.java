package dev.ecrpublic.authorizer.gallery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GalleryHtmlTest {
    @Test
    void everyValueIsEscaped() {
        assertEquals("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;", GalleryHtml.escape("<a href=\"x\" onclick='y'>&"));
        String html = GalleryHtml.repository(new RepositoryView("team/app", List.of(new TagRow("v1", "sha256:" + "a".repeat(64),
                List.of("<img src=x onerror=alert(1)>/amd64"), 1536, Instant.parse("2026-01-02T03:04:05Z"))), 1, 1, 1),
                "registry.example.com");
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;/amd64"), html);
        assertTrue(html.contains("docker pull registry.example.com/team/app:v1"), html);
        assertTrue(html.contains("1.5 KB"), html);
        assertTrue(html.contains("2026-01-02 03:04 UTC"), html);
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals("512 B", GalleryHtml.size(512));
        assertEquals("1.0 KB", GalleryHtml.size(1024));
        assertEquals("2.5 MB", GalleryHtml.size(2_621_440));
        assertEquals("3.0 GB", GalleryHtml.size(3L * 1024 * 1024 * 1024));
    }

    @Test
    void theFilterFormWorksWithoutScript() {
        String html = GalleryHtml.list(new RepositoryList(List.of("hello"), "he\"llo", 1, 1, 1), "h:5000");
        assertTrue(html.contains("<form role=\"search\" method=\"get\" action=\"/v2/_gallery\">"), html);
        assertTrue(html.contains("value=\"he&quot;llo\""), html);
    }
}
