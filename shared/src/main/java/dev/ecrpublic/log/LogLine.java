package dev.ecrpublic.log;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.ProxyIntegrationJson;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One structured log event, written as one JSON object on one line (CloudWatch Logs Insights reads the fields).
 * Callers put only what is safe to keep: never header values, tokens, passwords or secrets. A line may also carry
 * metrics in CloudWatch's embedded metric format: an {@code _aws} member that names some of the line's fields as
 * metrics and others as their dimensions, so CloudWatch makes metrics of the logs with no API call on the request path.
 */
public final class LogLine {
    /**
     * Where lines go; Lambda ships stdout to CloudWatch Logs. {@code System.out} is looked up per line, not bound once,
     * so that a test can capture everything a run logs.
     */
    public static final Consumer<String> STDOUT = line -> System.out.println(line);

    /** The CloudWatch namespace of the metrics; the template names one per stack. */
    public static final String NAMESPACE = namespace(System.getenv("METRICS_NAMESPACE"));

    /** Metrics sharing dimension sets: one entry of {@code _aws.CloudWatchMetrics}. */
    private record Directive(List<List<String>> dimensionSets, List<Metric> metrics) {}

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Instant time = Instant.now();
    private List<Directive> directives = List.of();

    private LogLine(String level, String message) {
        fields.put("time", time.toString());
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

    /** A string field already on the line. */
    public Optional<String> text(String field) {
        return fields.get(field) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /**
     * Publishes {@code metrics} (each also becomes a field) once per dimension set; a dimension is a field already on
     * the line, with a string value of few distinct values (every value is a metric of its own in CloudWatch).
     */
    public LogLine metrics(List<List<String>> dimensionSets, Metric... metrics) {
        for (List<String> set : dimensionSets)
            for (String dimension : set)
                if (!(fields.get(dimension) instanceof String))
                    throw new IllegalArgumentException("dimension " + dimension + " is not a string field of the line");
        for (Metric metric : metrics) fields.put(metric.name(), metric.value());
        List<Directive> all = new ArrayList<>(directives);
        all.add(new Directive(List.copyOf(dimensionSets), List.of(metrics)));
        directives = List.copyOf(all);
        return this;
    }

    static String namespace(String configured) {
        return configured == null || configured.isBlank() ? "ecr-public" : configured.strip();
    }

    public String toJson() {
        StringWriter writer = new StringWriter();
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(writer)) {
            g.writeStartObject();
            if (!directives.isEmpty()) writeMetricDirectives(g);
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

    private void writeMetricDirectives(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("_aws");
        g.writeNumberField("Timestamp", time.toEpochMilli());
        g.writeArrayFieldStart("CloudWatchMetrics");
        for (Directive directive : directives) {
            g.writeStartObject();
            g.writeStringField("Namespace", NAMESPACE);
            g.writeArrayFieldStart("Dimensions");
            for (List<String> set : directive.dimensionSets()) {
                g.writeStartArray();
                for (String dimension : set) g.writeString(dimension);
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Metric metric : directive.metrics()) {
                g.writeStartObject();
                g.writeStringField("Name", metric.name());
                g.writeStringField("Unit", metric.unit().cloudWatch);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    public void writeTo(Consumer<String> sink) {
        sink.accept(toJson());
    }
}
