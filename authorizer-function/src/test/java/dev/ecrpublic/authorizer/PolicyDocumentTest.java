package dev.ecrpublic.authorizer;

import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.RepositoryGlob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyDocumentTest {
    static final String ARN = "arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/v2/GET/hello/manifests/latest";
    static final String PREFIX = "arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/v2/";

    @Test
    void coversTheRootEachRepositoryAndTheCatalogForGetAndHead() {
        GrantedAccess access = new GrantedAccess(List.of(new Access("repository", "hello", List.of("pull")),
                new Access("repository", "team/app", List.of("pull")), new Access("registry", "catalog", List.of("*"))),
                List.of(RepositoryGlob.parse("**")));
        PolicyDocument policy = PolicyDocument.allowing(ARN, "bob", access, Map.of("principal", "bob"));
        assertEquals(List.of(PREFIX + "GET/", PREFIX + "HEAD/", PREFIX + "GET/_catalog", PREFIX + "HEAD/_catalog",
                PREFIX + "GET/hello/*", PREFIX + "HEAD/hello/*", PREFIX + "GET/team/app/*", PREFIX + "HEAD/team/app/*"),
                policy.allowedResources());
    }

    @Test
    void nothingGrantedStillAllowsThePing() {
        PolicyDocument policy = PolicyDocument.allowing(ARN, "anonymous", GrantedAccess.NONE, Map.of());
        assertEquals(List.of(PREFIX + "GET/", PREFIX + "HEAD/"), policy.allowedResources());
    }

    @Test
    void writesTheShapeApiGatewayExpects() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PolicyDocument.allowing(ARN, "bob", GrantedAccess.NONE, Map.of("principal", "bob")).writeTo(out);
        String json = out.toString();
        assertTrue(json.startsWith("{\"principalId\":\"bob\",\"policyDocument\":{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Action\":\"execute-api:Invoke\",\"Effect\":\"Allow\",\"Resource\":["), json);
        assertTrue(json.endsWith("\"context\":{\"principal\":\"bob\"}}"), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "arn:aws:lambda:us-east-1:1:function:x", "arn:aws:execute-api:us-east-1:1:abc",
            "arn:aws:execute-api:us-east-1:1:/v2/GET/", "not an arn"})
    void refusesWhatIsNotAMethodArn(String arn) {
        assertThrows(IllegalArgumentException.class, () -> PolicyDocument.stagePrefix(arn));
    }
}
