package dev.ecrpublic.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How API Gateway evaluates the IAM policy a Lambda authorizer returns, for {@code execute-api:Invoke} on one method
 * ARN: an explicit Deny wins, otherwise some Allow must match. In resource ARNs {@code *} matches any run of
 * characters, {@code /} included, and {@code ?} one character: exactly why the proxy re-checks repository names.
 */
record ExecuteApiPolicy(List<Statement> statements) {
    record Statement(boolean allow, List<Pattern> actions, List<Pattern> resources) {}

    static ExecuteApiPolicy parse(JsonNode policyDocument) {
        List<Statement> statements = new ArrayList<>();
        JsonNode list = policyDocument.path("Statement");
        for (JsonNode s : list.isArray() ? list : List.of(list)) {
            if (s.isMissingNode()) continue;
            statements.add(new Statement("Allow".equals(s.path("Effect").asText()),
                    patterns(s.path("Action")), patterns(s.path("Resource"))));
        }
        return new ExecuteApiPolicy(List.copyOf(statements));
    }

    boolean allows(String methodArn) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (!matchesAny(s.actions(), "execute-api:Invoke") || !matchesAny(s.resources(), methodArn)) continue;
            if (!s.allow()) return false;
            allowed = true;
        }
        return allowed;
    }

    private static boolean matchesAny(List<Pattern> patterns, String value) {
        for (Pattern p : patterns) if (p.matcher(value).matches()) return true;
        return false;
    }

    private static List<Pattern> patterns(JsonNode node) {
        List<Pattern> patterns = new ArrayList<>();
        for (JsonNode n : node.isArray() ? node : List.of(node)) if (n.isTextual()) patterns.add(wildcard(n.asText()));
        return patterns;
    }

    private static Pattern wildcard(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
