package dev.ecrpublic.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code scope} parameters of a token request. The grammar follows the distribution token spec; names are
 * kept loose here (a {@code host:port/} prefix parses) because only the policy decides what a name may be.
 */
public final class ScopeRequest {
    /** More scopes than any client sends for one pull; a bound keeps a hostile request from costing much. */
    public static final int MAX_SCOPES = 64;

    /** type[(class)] : name : actions, where the name is everything between the first and the last colon. */
    private static final Pattern ITEM = Pattern.compile(
            "([a-z0-9]+)(?:\\(([a-z0-9]+)\\))?:([A-Za-z0-9._/:@-]+):([a-z*]+(?:,[a-z*]+)*)");
    private static final int SHOWN = 100;

    private ScopeRequest() {}

    public static List<Scope> parse(List<String> scopeParams) {
        List<Scope> scopes = new ArrayList<>();
        if (scopeParams == null) return scopes;
        for (String param : scopeParams) {
            if (param == null) continue;
            for (String item : param.split(" ")) {
                if (item.isEmpty()) continue;
                if (scopes.size() == MAX_SCOPES)
                    throw invalid("more than " + MAX_SCOPES + " scopes requested");
                scopes.add(item(item));
            }
        }
        return scopes;
    }

    private static Scope item(String item) {
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) throw invalid("invalid scope: " + shown(item));
        return new Scope(m.group(1), m.group(2), m.group(3), List.of(m.group(4).split(",")));
    }

    /** Truncated and with control characters replaced, so the item can go into a response and a log line as is. */
    private static String shown(String item) {
        String cut = item.length() > SHOWN ? item.substring(0, SHOWN) + "..." : item;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static ScopeException invalid(String message) {
        return new ScopeException(message);
    }
}
