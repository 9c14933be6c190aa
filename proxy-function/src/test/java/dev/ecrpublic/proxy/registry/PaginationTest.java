package dev.ecrpublic.proxy.registry;

import dev.ecrpublic.gateway.GatewayRequest;
import dev.ecrpublic.gateway.Headers;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaginationTest {
    static final List<String> SORTED = List.of("a", "b", "c", "d", "e");

    static Pagination from(String n, String last) {
        Map<String, List<String>> query = new HashMap<>();
        if (n != null) query.put("n", List.of(n));
        if (last != null) query.put("last", List.of(last));
        return Pagination.from(GatewayRequest.of("GET", "/_catalog", Headers.empty(), query));
    }

    @Test
    void withoutNEverythingAndNoLink() {
        Pagination.Page page = from(null, null).apply(SORTED, "/v2/_catalog");
        assertEquals(SORTED, page.items());
        assertEquals(Optional.empty(), page.nextLink());
    }

    @Test
    void firstPageLinksToTheNext() {
        Pagination.Page page = from("2", null).apply(SORTED, "/v2/x/tags/list");
        assertEquals(List.of("a", "b"), page.items());
        assertEquals(Optional.of("</v2/x/tags/list?n=2&last=b>; rel=\"next\""), page.nextLink());
    }

    @Test
    void lastIsACursorEvenWhenItIsNotAnEntry() {
        assertEquals(List.of("c", "d"), from("2", "bb").apply(SORTED, "/p").items());
        assertEquals(List.of("e"), from("2", "d").apply(SORTED, "/p").items());
        assertEquals(Optional.empty(), from("2", "d").apply(SORTED, "/p").nextLink());
        assertEquals(List.of(), from(null, "z").apply(SORTED, "/p").items());
    }

    @Test
    void exactlyFullLastPageHasNoLink() {
        assertEquals(Optional.empty(), from("5", null).apply(SORTED, "/p").nextLink());
        assertEquals(List.of(), from("0", null).apply(SORTED, "/p").items());
    }

    @Test
    void cursorIsEncodedInTheLink() {
        Pagination.Page page = from("1", null).apply(List.of("a+b", "c"), "/p");
        assertEquals(Optional.of("</p?n=1&last=a%2Bb>; rel=\"next\""), page.nextLink());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1001", "abc", "", "1e3", "99999999999"})
    void refusesBadN(String n) {
        assertEquals(OciError.PAGINATION_NUMBER_INVALID, assertThrows(RegistryException.class, () -> from(n, null)).error());
    }
}
