package dev.ecrpublic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the measured JVMs take from template.yaml: the JAVA_TOOL_OPTIONS every function runs with (Globals). */
final class Template {
    private static final Pattern JAVA_TOOL_OPTIONS = Pattern.compile("^\\s*JAVA_TOOL_OPTIONS:\\s*(.+?)\\s*$");

    private Template() {}

    static String javaToolOptions(Path template) throws IOException {
        String found = null;
        for (String line : Files.readAllLines(template)) {
            Matcher m = JAVA_TOOL_OPTIONS.matcher(line);
            if (!m.matches()) continue;
            String value = unquote(m.group(1));
            if (found != null && !found.equals(value))
                throw new IllegalStateException(template + " sets JAVA_TOOL_OPTIONS twice, differently: " + found + " / " + value);
            found = value;
        }
        if (found == null) throw new IllegalStateException(template + " sets no JAVA_TOOL_OPTIONS");
        return found;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'")))
            return value.substring(1, value.length() - 1);
        return value;
    }
}
