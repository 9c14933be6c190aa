package dev.ecrpublic.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --name value} options and positional arguments of one command; anything not declared is a usage error. */
record Options(Map<String, String> values, List<String> positional) {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhm])");

    static Options parse(String[] args, Set<String> allowed) throws UsageException {
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            String name, value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("--")) {
                name = arg.substring(2);
                if (i + 1 >= list.size()) throw new UsageException("--" + name + " needs a value");
                value = list.get(++i);
            } else {
                positional.add(arg);
                continue;
            }
            if (!allowed.contains(name)) throw new UsageException("unknown option --" + name);
            values.put(name, value);
        }
        return new Options(Map.copyOf(values), List.copyOf(positional));
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Exactly {@code names.length} positional arguments, named in the error when missing or extra. */
    List<String> positional(String... names) throws UsageException {
        if (positional.size() != names.length)
            throw new UsageException(names.length == 0 ? "unexpected argument: " + positional.getFirst()
                    : "expected " + String.join(" ", names) + (positional.isEmpty() ? "" : ", got " + positional));
        return positional;
    }

    int port(String name, int fallback) throws UsageException {
        String value = values.get(name);
        if (value == null) return fallback;
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a port number from 0 to 65535");
        }
    }

    /** {@code 90d}, {@code 12h}, {@code 30m} from now, or a date ({@code 2027-01-31}, midnight UTC). */
    Optional<Instant> expiry(String name, Instant now) throws UsageException {
        String value = values.get(name);
        if (value == null) return Optional.empty();
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
            if (d.isZero()) throw new UsageException("--" + name + " must be in the future");
            return Optional.of(now.plus(d));
        }
        try {
            Instant at = LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (!at.isAfter(now)) throw new UsageException("--" + name + " must be in the future");
            return Optional.of(at);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + name + " takes a duration such as 90d, 12h, 30m, or a date (2027-01-31)");
        }
    }
}
