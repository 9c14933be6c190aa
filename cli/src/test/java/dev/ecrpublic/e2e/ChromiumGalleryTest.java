package dev.ecrpublic.e2e;

import dev.ecrpublic.local.LocalRegistry;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.AccessPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery of {@code serve} in a real, headless Chromium: what a person sees (the public repositories and not the
 * private one, the pull command, the stylesheet applied under the page's Content-Security-Policy), the filter hiding
 * repositories as one types, and the copy button putting the pull command on the clipboard.
 */
class ChromiumGalleryTest {
    static final RealClients.Availability CHROMIUM = RealClients.chromium();
    static final String VISIBLE = "[...document.querySelectorAll('li[data-name]')]"
            + ".filter(li => li.offsetParent !== null).map(li => li.dataset.name)";

    static LocalRegistry registry;
    ChromiumSession browser;

    @BeforeAll
    static void start() throws Exception {
        LocalRegistry.Auth auth = LocalRegistry.Auth.defaults(null,
                Optional.of(AccessPolicy.parse("{\"anonymous\": [\"hello\", \"public/*\"]}")));
        registry = LocalRegistry.start(LocalRegistry.Options.loopback(null, auth));
        for (String repo : List.of("public/app", "public/tools", "private/app")) SampleImages.seed(registry.images(), repo);
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        CHROMIUM.require();
        browser = ChromiumSession.start();
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) browser.close();
    }

    static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aPersonSeesThePublicRepositoriesAndTheirPullCommands() throws Exception {
        browser.open(registry.url() + "/v2/_gallery");
        assertEquals(List.of("hello", "public/app", "public/tools"), strings(browser.evaluate(VISIBLE)));
        String text = browser.evaluate("document.body.innerText").asText();
        assertFalse(text.contains("private/app"), text);
        assertTrue(text.contains("docker pull " + registry.hostPort() + "/hello"), text);
        // The stylesheet loaded from the page's own origin under its Content-Security-Policy.
        assertEquals("1152px", browser.evaluate("getComputedStyle(document.body).maxWidth").asText());
    }

    @Test
    void theFilterHidesRepositoriesAsOneTypes() throws Exception {
        browser.open(registry.url() + "/v2/_gallery");
        browser.evaluate("document.getElementById('filter').focus()");
        browser.type("too");
        assertEquals(List.of("public/tools"), strings(browser.evaluate(VISIBLE)));
        assertTrue(browser.evaluate("document.getElementById('no-match').hidden").asBoolean());
        browser.type("zzz");
        assertEquals(List.of(), strings(browser.evaluate(VISIBLE)));
        assertFalse(browser.evaluate("document.getElementById('no-match').hidden").asBoolean(), "says none match");
        browser.evaluate("const f = document.getElementById('filter'); f.value = '';"
                + " f.dispatchEvent(new Event('input')); true");
        assertEquals(3, browser.evaluate(VISIBLE).size());
    }

    @Test
    void theCopyButtonPutsThePullCommandOnTheClipboard() throws Exception {
        String command = "docker pull " + registry.hostPort() + "/hello:latest";
        browser.open(registry.url() + "/v2/_gallery/hello");
        browser.allowClipboard(registry.url().toString());
        String text = browser.evaluate("document.body.innerText").asText();
        assertTrue(text.contains(command), text);
        assertTrue(text.contains("linux/amd64, linux/arm64"), text);
        String button = "document.querySelector('button[data-copy=\"" + command + "\"]')";
        browser.evaluate(button + ".click(); true");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!browser.evaluate(button + ".textContent").asText().equals("Copied") && System.nanoTime() < deadline)
            Thread.sleep(50);
        assertEquals("Copied", browser.evaluate(button + ".textContent").asText());
        assertEquals(command, browser.evaluate("navigator.clipboard.readText()").asText());
    }
}
