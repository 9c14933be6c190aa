package dev.ecrpublic.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What {@code serve} shows at {@code GET /metrics}: the metrics the functions publish to CloudWatch in their log lines
 * (embedded metric format), added up as CloudWatch would and written in Prometheus' text format, so a local run shows
 * the same numbers a deployed dashboard would. Counts become counters; times become summaries in seconds.
 */
public final class PullMetrics implements Consumer<String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "ecrpublic_";
    private static final Map<String, String> HELP = Map.of(
            "requests", "Requests the proxy answered, by status class.",
            "pulls", "Manifest GETs the proxy answered 2xx, by repository.",
            "ecrCalls", "ECR API calls the proxy made.",
            "throttled", "Requests the proxy answered 429 because ECR throttled it.",
            "latencyMicros", "Time the proxy took per request.",
            "tokenRequests", "Token requests, by outcome: anonymous, credential, oidc, refused, failed.",
            "authorizations", "Authorizer decisions, by decision: allow, deny.");

    /** One time series: a metric under one set of dimension values. */
    private record Series(String metric, String unit, Map<String, String> labels) {}

    private static final class Sum {
        double total;
        long count;
    }

    private final Map<Series, Sum> series = new LinkedHashMap<>();

    /** Reads one log line; lines without metrics, and lines that are not JSON, count for nothing. */
    @Override
    public void accept(String line) {
        if (line == null || !line.startsWith("{") || !line.contains("\"_aws\"")) return;
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (Exception e) {
            return;
        }
        for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
            // The first dimension set is the most specific; the others aggregate it, which Prometheus does by query.
            Map<String, String> labels = new TreeMap<>();
            for (JsonNode dimension : directive.path("Dimensions").path(0))
                labels.put(dimension.asText(), root.path(dimension.asText()).asText());
            for (JsonNode metric : directive.path("Metrics")) {
                JsonNode value = root.path(metric.path("Name").asText());
                if (!value.isNumber()) continue;
                record(new Series(metric.path("Name").asText(), metric.path("Unit").asText("None"), labels), value.asDouble());
            }
        }
    }

    private synchronized void record(Series key, double value) {
        Sum sum = series.computeIfAbsent(key, k -> new Sum());
        sum.total += value;
        sum.count++;
    }

    /** Prometheus text exposition format 0.0.4. */
    public synchronized String prometheus() {
        Map<String, List<Map.Entry<Series, Sum>>> families = new TreeMap<>();
        for (Map.Entry<Series, Sum> e : series.entrySet())
            families.computeIfAbsent(e.getKey().metric(), k -> new ArrayList<>()).add(e);
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Map.Entry<Series, Sum>>> family : families.entrySet()) {
            String metric = family.getKey();
            boolean time = family.getValue().getFirst().getKey().unit().equals("Microseconds");
            // Text format 0.0.4: a counter's samples carry the family's own name, _total and all.
            String name = PREFIX + snake(time ? metric.replaceFirst("Micros$", "") + "Seconds" : metric + "Total");
            out.append("# HELP ").append(name).append(' ').append(HELP.getOrDefault(metric, metric)).append('\n');
            out.append("# TYPE ").append(name).append(time ? " summary\n" : " counter\n");
            for (Map.Entry<Series, Sum> e : family.getValue()) {
                String labels = labels(e.getKey().labels());
                if (time) {
                    out.append(name).append("_sum").append(labels).append(' ').append(number(e.getValue().total / 1e6)).append('\n');
                    out.append(name).append("_count").append(labels).append(' ').append(e.getValue().count).append('\n');
                } else {
                    out.append(name).append(labels).append(' ').append(number(e.getValue().total)).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) return "";
        StringBuilder out = new StringBuilder("{");
        labels.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(snake(k)).append("=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
        return out.append('}').toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
