package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The spec's {@code n}/{@code last} paging over a lexically sorted list, with the {@code Link} to the next page. */
public record Pagination(Optional<Integer> n, Optional<String> last) {
    /** ECR's own page size limit; a larger n would cost several upstream calls per page. */
    public static final int MAX_N = 1000;

    public static Pagination from(GatewayRequest request) {
        Optional<Integer> n = request.queryParameter("n").map(Pagination::parseN);
        Optional<String> last = request.queryParameter("last").filter(s -> !s.isEmpty());
        return new Pagination(n, last);
    }

    private static int parseN(String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new RegistryException(OciError.PAGINATION_NUMBER_INVALID, "n must be a whole number from 0 to " + MAX_N);
        }
        if (n < 0 || n > MAX_N)
            throw new RegistryException(OciError.PAGINATION_NUMBER_INVALID, "n must be a whole number from 0 to " + MAX_N);
        return n;
    }

    public record Page(List<String> items, Optional<String> nextLink) {}

    /** @param sorted entries in lexical order; {@code basePath} is the endpoint's path under the host, e.g. /v2/_catalog */
    public Page apply(List<String> sorted, String basePath) {
        int from = last.map(cursor -> firstAfter(sorted, cursor)).orElse(0);
        int to = n.map(limit -> Math.min(sorted.size(), from + limit)).orElse(sorted.size());
        List<String> items = sorted.subList(from, to);
        Optional<String> link = Optional.empty();
        if (n.isPresent() && to < sorted.size() && !items.isEmpty()) {
            link = Optional.of("<" + basePath + "?n=" + n.get() + "&last="
                    + URLEncoder.encode(items.getLast(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        return new Page(List.copyOf(items), link);
    }

    private static int firstAfter(List<String> sorted, String cursor) {
        for (int i = 0; i < sorted.size(); i++) if (sorted.get(i).compareTo(cursor) > 0) return i;
        return sorted.size();
    }
}
