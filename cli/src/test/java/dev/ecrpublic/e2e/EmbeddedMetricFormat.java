package dev.ecrpublic.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CloudWatch's embedded metric format as its specification states it
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * what CloudWatch Logs would refuse to make metrics of, listed.
 */
final class EmbeddedMetricFormat {
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");
    private static final Set<String> DIRECTIVE_MEMBERS = Set.of("Namespace", "Dimensions", "Metrics");

    private EmbeddedMetricFormat() {}

    /** The rules {@code line} breaks; empty when CloudWatch would extract its metrics. */
    static List<String> violations(JsonNode line) {
        List<String> problems = new ArrayList<>();
        JsonNode aws = line.path("_aws");
        if (!aws.isObject()) return List.of("_aws is not an object");
        if (!aws.path("Timestamp").isIntegralNumber() || aws.path("Timestamp").asLong() <= 0)
            problems.add("_aws.Timestamp is not a positive whole number of milliseconds");
        JsonNode directives = aws.path("CloudWatchMetrics");
        if (!directives.isArray() || directives.isEmpty()) problems.add("_aws.CloudWatchMetrics is not a non-empty array");
        for (JsonNode directive : directives) {
            directive.fieldNames().forEachRemaining(name -> {
                if (!DIRECTIVE_MEMBERS.contains(name)) problems.add("MetricDirective has a member " + name);
            });
            String namespace = directive.path("Namespace").asText("");
            if (!directive.path("Namespace").isTextual() || namespace.isEmpty() || namespace.length() > 255
                    || !namespace.matches("[A-Za-z0-9.\\-_/#: ]+") || namespace.startsWith("AWS/"))
                problems.add("Namespace " + directive.path("Namespace") + " is not a custom namespace");
            JsonNode dimensionSets = directive.path("Dimensions");
            if (!dimensionSets.isArray()) problems.add("Dimensions is not an array");
            for (JsonNode set : dimensionSets) {
                if (!set.isArray() || set.size() > 30) problems.add("DimensionSet " + set + " is not an array of at most 30");
                for (JsonNode dimension : set) {
                    JsonNode value = line.path(dimension.asText());
                    if (!dimension.isTextual() || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > 1024)
                        problems.add("dimension " + dimension + " does not name a string member of 1 to 1024 characters");
                }
            }
            JsonNode metrics = directive.path("Metrics");
            if (!metrics.isArray() || metrics.isEmpty() || metrics.size() > 100)
                problems.add("Metrics is not an array of 1 to 100");
            for (JsonNode metric : metrics) {
                JsonNode value = line.path(metric.path("Name").asText());
                if (!metric.path("Name").isTextual() || !(value.isNumber()
                        || value.isArray() && !value.isEmpty() && value.size() <= 100 && allNumbers(value)))
                    problems.add("metric " + metric.path("Name") + " does not name a number member");
                if (metric.has("Unit") && !UNITS.contains(metric.path("Unit").asText()))
                    problems.add("metric " + metric.path("Name") + " has unit " + metric.path("Unit"));
                if (metric.has("StorageResolution") && !Set.of(1, 60).contains(metric.path("StorageResolution").asInt()))
                    problems.add("metric " + metric.path("Name") + " has StorageResolution " + metric.path("StorageResolution"));
            }
        }
        return problems;
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode n : array) if (!n.isNumber()) return false;
        return true;
    }
}
