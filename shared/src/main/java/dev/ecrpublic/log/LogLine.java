package dev.ecrpublic.log;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.ProxyIntegrationJson;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One structured log event, written as one JSON object on one line (CloudWatch Logs Insights reads the fields).
 * Callers put only what is safe to keep: never header values, tokens, passwords or secrets.
 */
public final class LogLine {
    /**
     * Where lines go; Lambda ships stdout to CloudWatch Logs. {@code System.out} is looked up per line, not bound once,
     * so that a test can capture everything a run logs.
     */
    public static final Consumer<String> STDOUT = line -> System.out.println(line);

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private LogLine(String level, String message) {
        fields.put("time", Instant.now().toString());
        fields.put("level", level);
        fields.put("message", message);
    }

    public static LogLine info(String message) {
        return new LogLine("INFO", message);
    }

    public static LogLine warn(String message) {
        return new LogLine("WARN", message);
    }

    public static LogLine error(String message) {
        return new LogLine("ERROR", message);
    }

    /** Adds a field; null values are left out. Strings, numbers and booleans only. */
    public LogLine with(String name, Object value) {
        if (value != null) fields.put(name, value);
        return this;
    }

    public String toJson() {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                switch (e.getValue()) {
                    case Integer i -> g.writeNumberField(e.getKey(), i);
                    case Long l -> g.writeNumberField(e.getKey(), l);
                    case Double d -> g.writeNumberField(e.getKey(), d);
                    case Boolean b -> g.writeBooleanField(e.getKey(), b);
                    default -> g.writeStringField(e.getKey(), e.getValue().toString());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer.toString();
    }

    public void writeTo(Consumer<String> sink) {
        sink.accept(toJson());
    }
}
