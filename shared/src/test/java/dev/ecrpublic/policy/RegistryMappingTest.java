package dev.ecrpublic.policy;

import dev.ecrpublic.gateway.AuthorizerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryMappingTest {
    static final AccessPolicy POLICY = AccessPolicy.parse("""
            {"anonymous": ["**"], "registries": [
              {"prefix": "prod/", "registryId": "123456789012", "region": "eu-west-1", "stripPrefix": true},
              {"prefix": "prod/legacy/", "registryId": "999999999999"},
              {"prefix": "eu/", "region": "eu-central-1"},
              {"prefix": "shared/", "registryId": "210987654321"}]}""");
    static final RegistryMapping MAPPING = POLICY.registries();

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "prod/app,          123456789012, eu-west-1,    app",
            "prod/team/app,     123456789012, eu-west-1,    team/app",
            "prod/legacy/app,   123456789012, eu-west-1,    legacy/app",  // the first match wins, even when a later one is longer
            "eu/app,            -,            eu-central-1, eu/app",
            "shared/base,       210987654321, -,            shared/base",
            "production/app,    -,            -,            production/app", // whole components only
            "prod,              -,            -,            prod",
            "hello,             -,            -,            hello"})
    void theFirstMatchingPrefixSaysWhereANameLives(String name, String registryId, String region, String there) {
        assertEquals(new RepositoryLocation(Optional.ofNullable(registryId), Optional.ofNullable(region), there),
                MAPPING.locate(name));
    }

    @Test
    void policyRoundTripKeepsTheMapping() {
        AccessPolicy again = AccessPolicy.parse(POLICY.toJson());
        assertEquals(POLICY, again);
        assertFalse(POLICY.toJson().contains("tagAccess"), "defaults stay out of the stored form");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"prefix\": \"prod\", \"region\": \"eu-west-1\"}|policy.registries[0].prefix: must be repository path components ending in '/', such as 'prod/'",
            "{\"prefix\": \"Prod/\", \"region\": \"eu-west-1\"}|policy.registries[0].prefix: must be repository path components ending in '/', such as 'prod/'",
            "{\"prefix\": \"/\", \"region\": \"eu-west-1\"}|policy.registries[0].prefix: must be repository path components ending in '/', such as 'prod/'",
            "{\"prefix\": \"prod/\"}|policy.registries[0].registryId or region: at least one is required",
            "{\"prefix\": \"prod/\", \"registryId\": \"12345\"}|policy.registries[0].registryId: must be a 12-digit AWS account id",
            "{\"prefix\": \"prod/\", \"region\": \"Europe\"}|policy.registries[0].region: must be an AWS region such as eu-west-1",
            "{\"prefix\": \"prod/\", \"region\": \"eu-west-1\", \"stripPrefix\": \"yes\"}|policy.registries[0].stripPrefix: must be true or false",
            "{\"prefix\": \"prod/\", \"region\": \"eu-west-1\", \"strip\": true}|policy.registries[0]: unknown key(s) [strip], allowed: [prefix, region, registryId, stripPrefix]",
            "{\"prefix\": \"prod/\", \"region\": \"eu-west-1\"}, {\"prefix\": \"prod/\", \"region\": \"us-east-1\"}|policy.registries: prefix listed twice: prod/"})
    void mistakesAreNamedWithTheirPath(String entries, String message) {
        PolicyException e = assertThrows(PolicyException.class,
                () -> AccessDocument.parse("{\"policy\": {\"registries\": [" + entries + "]}}"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void tagSettingsAreCheckedToo() {
        assertEquals("policy.tagAccess: must be true or false", assertThrows(PolicyException.class,
                () -> AccessDocument.parse("{\"policy\": {\"tagAccess\": \"on\"}}")).getMessage());
        assertEquals("policy.tagCacheSeconds: must be between 0 and 3600, got 7200", assertThrows(PolicyException.class,
                () -> AccessDocument.parse("{\"policy\": {\"tagCacheSeconds\": 7200}}")).getMessage());
        AccessPolicy p = AccessPolicy.parse("{\"tagAccess\": true, \"tagCacheSeconds\": 2}");
        assertTrue(p.tagAccess());
        assertEquals(2, p.tagCacheSeconds());
        assertEquals(AccessPolicy.DEFAULT_TAG_CACHE_SECONDS, AccessPolicy.parse("{}").tagCacheSeconds());
        assertFalse(AccessPolicy.parse("{}").tagAccess());
    }

    @Test
    void aTokenCarriesOnlyTheEntriesItsNamesNeed() {
        GrantedAccess granted = POLICY.grant(Identity.ANONYMOUS, ScopeRequest.parse(List.of(
                "repository:prod/app:pull", "repository:hello:pull")));
        assertEquals(List.of(MAPPING.entries().getFirst()), granted.registries().entries());
        assertEquals(MAPPING.locate("prod/app"), granted.registries().locate("prod/app"));
        assertEquals(MAPPING.locate("hello"), granted.registries().locate("hello"));
    }

    @Test
    void aCatalogTokenCarriesTheWholeMapping() {
        GrantedAccess granted = POLICY.grant(Identity.ANONYMOUS, ScopeRequest.parse(List.of("registry:catalog:*")));
        assertEquals(MAPPING, granted.registries());
    }

    @Test
    void theAuthorizerContextCarriesTheMappingAsFlatWords() {
        GrantedAccess granted = POLICY.grant(Identity.ANONYMOUS, ScopeRequest.parse(List.of("registry:catalog:*",
                "repository:prod/app:pull")));
        Map<String, String> context = new AuthorizerContext("", granted).toMap();
        assertEquals("prod/,123456789012,eu-west-1,strip prod/legacy/,999999999999,,keep eu/,,eu-central-1,keep "
                + "shared/,210987654321,,keep", context.get("registries"));
        assertEquals(granted.registries(), AuthorizerContext.fromMap(context).orElseThrow().access().registries());
        assertThrows(PolicyException.class, () -> RegistryMapping.fromContextValue("prod/,1,eu-west-1"));
        assertEquals(RegistryMapping.NONE, RegistryMapping.fromContextValue(null), "a context from before mappings");
    }

    @Test
    void clientNamesOfListedRepositories() {
        MappedRegistry strip = MAPPING.entries().get(0);
        MappedRegistry keep = MAPPING.entries().get(3);
        assertEquals(Optional.of("prod/app"), strip.clientName("app"));
        assertEquals(Optional.of("shared/base"), keep.clientName("shared/base"));
        assertEquals(Optional.empty(), keep.clientName("other/base"), "unreachable under this prefix");
        assertTrue(MAPPING.routesTo("prod/app", Optional.of(strip)));
        assertFalse(MAPPING.routesTo("prod/legacy/app", Optional.of(MAPPING.entries().get(1))), "shadowed by prod/");
        assertFalse(MAPPING.routesTo("prod/app", Optional.empty()), "an own repository under a mapped prefix is hidden");
        assertTrue(MAPPING.routesTo("hello", Optional.empty()));
    }

    @Test
    void aListingBecomesTheNamesThatReachItsRepositories() {
        assertEquals(List.of("hello", "eu2/app"),
                MAPPING.clientNames(Optional.empty(), List.of("hello", "prod/app", "eu/app", "eu2/app")));
        assertEquals(List.of("prod/app", "prod/team/app"), MAPPING.clientNames(Optional.of(MAPPING.entries().get(0)),
                List.of("app", "team/app", "a".repeat(252))),
                "a prefixed name longer than the grammar allows cannot be pulled");
        assertEquals(List.of("shared/base"),
                MAPPING.clientNames(Optional.of(MAPPING.entries().get(3)), List.of("shared/base", "other/base")));
        assertEquals(List.of(), MAPPING.clientNames(Optional.of(MAPPING.entries().get(1)), List.of("prod/legacy/app")),
                "shadowed by the earlier prod/");
    }
}
