package dev.ecrpublic.authorizer.handshake;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code application/x-www-form-urlencoded}, as the OAuth2 token request sends it. */
final class FormEncoding {
    private FormEncoding() {}

    static Map<String, List<String>> decode(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decodePart(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodePart(pair.substring(eq + 1));
            form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return form;
    }

    private static String decodePart(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(OciError.REQUEST_INVALID, "malformed form encoding");
        }
    }
}
