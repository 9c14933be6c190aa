package dev.ecrpublic.local.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How API Gateway matches an authorizer policy's resources against a method ARN (docs/api-gateway-contract.md). */
class ExecuteApiPolicyTest {
    static final String PREFIX = "arn:aws:execute-api:us-east-1:123456789012:api/v2/";

    static ExecuteApiPolicy policy(String json) throws Exception {
        return ExecuteApiPolicy.parse(new ObjectMapper().readTree(json));
    }

    @Test
    void starMatchesSlashesSoARepositoryPatternCoversItsSubRepositories() throws Exception {
        ExecuteApiPolicy p = policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\","
                + "\"Resource\":\"" + PREFIX + "GET/team/*\"}]}");
        assertTrue(p.allows(PREFIX + "GET/team/manifests/latest"));
        assertTrue(p.allows(PREFIX + "GET/team/sub/manifests/latest"), "* crosses /: the proxy must re-check names");
        assertFalse(p.allows(PREFIX + "GET/teammate/manifests/latest"));
        assertFalse(p.allows(PREFIX + "HEAD/team/manifests/latest"));
    }

    @Test
    void anExplicitDenyWinsAndNothingIsAllowedWithoutAnAllow() throws Exception {
        ExecuteApiPolicy p = policy("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\","
                + "\"Resource\":\"" + PREFIX + "*\"},{\"Effect\":\"Deny\",\"Action\":\"execute-api:Invoke\","
                + "\"Resource\":\"" + PREFIX + "GET/private/*\"}]}");
        assertTrue(p.allows(PREFIX + "GET/public/manifests/latest"));
        assertFalse(p.allows(PREFIX + "GET/private/manifests/latest"));
        assertFalse(policy("{\"Statement\":[]}").allows(PREFIX + "GET/"));
    }
}
