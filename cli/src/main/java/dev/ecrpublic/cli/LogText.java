package dev.ecrpublic.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The functions' JSON log lines as a person reads them at a terminal:
 * {@code 04:20:41.512 INFO  pull status=200 repository=hello ...}. Anything else passes through unchanged.
 */
final class LogText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HEAD = Set.of("time", "level", "message");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private LogText() {}

    /** The time of day, UTC, to the millisecond: a local run spans minutes, and the date is today's. */
    private static String clock(String time) {
        try {
            return CLOCK.format(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return time;
        }
    }

    static String render(String line) {
        if (line == null || !line.startsWith("{") || !line.endsWith("}")) return line;
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return line;
        }
        if (!node.isObject() || !node.has("level") || !node.has("message")) return line;
        StringBuilder text = new StringBuilder()
                .append(clock(node.path("time").asText(""))).append(' ')
                .append(String.format("%-5s", node.get("level").asText())).append(' ')
                .append(node.get("message").asText());
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (HEAD.contains(field.getKey())) continue;
            String value = field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
            text.append(' ').append(field.getKey()).append('=')
                    .append(value.isEmpty() || value.contains(" ") ? '"' + value + '"' : value);
        }
        return text.toString();
    }

    /** Standard output that renders each log line it is given as text; LogLine prints one line per println. */
    static final class Output extends PrintStream {
        Output(PrintStream out) {
            super(out, true);
        }

        @Override
        public void println(String line) {
            super.println(render(line));
        }
    }
}
