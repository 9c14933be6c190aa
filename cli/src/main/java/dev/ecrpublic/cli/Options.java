package dev.ecrpublic.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options of one command; anything not declared is a usage error. */
record Options(Map<String, String> values) {
    static Options parse(String[] args, Set<String> allowed) throws UsageException {
        Map<String, String> values = new HashMap<>();
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
                throw new UsageException("unexpected argument: " + arg);
            }
            if (!allowed.contains(name)) throw new UsageException("unknown option --" + name);
            values.put(name, value);
        }
        return new Options(Map.copyOf(values));
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
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
}
