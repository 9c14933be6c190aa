package dev.ecrpublic.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import static dev.ecrpublic.cli.CloudFormationTemplate.list;
import static dev.ecrpublic.cli.CloudFormationTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml's wiring, checked in every build (the SAM translator and cfn-lint run in tools/validate-template only
 * where their sources are): handlers that exist in the jars that are deployed, the authorizer in front of the pull
 * routes and not the token routes, the challenge on the gateway responses, least-privilege IAM and invoke
 * permissions, nothing tied to one partition. Runs after {@code package}, so the jars the CodeUris name exist.
 */
class TemplateIT {
    static final Path ROOT = Path.of("..");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix",
            "AWS::StackName", "AWS::StackId", "AWS::NoValue", "AWS::NotificationARNs");
    static CloudFormationTemplate template;

    @BeforeAll
    static void read() throws Exception {
        template = CloudFormationTemplate.read(ROOT.resolve("template.yaml"));
    }

    static List<String> functions() throws Exception {
        if (template == null) read();
        return template.resourcesOfType("AWS::Serverless::Function");
    }

    static Map<String, Object> paths() {
        return map(map(template.properties("Api").get("DefinitionBody")).get("paths"));
    }

    /** A path item, seen when AuthMode=token (the true branch of a conditional path). */
    static Map<String, Object> pathItem(String path) {
        Map<String, Object> item = map(paths().get(path));
        if (item.containsKey("Fn::If")) {
            List<Object> branches = list(item.get("Fn::If"));
            assertEquals("TokenAuth", branches.getFirst(), path + " exists only with token auth");
            return map(branches.get(1));
        }
        return item;
    }

    @Test
    void isSamForOneRestApiWithStageV2() {
        assertEquals("AWS::Serverless-2016-10-31", template.root().get("Transform"));
        assertEquals(List.of("Api"), template.resourcesOfType("AWS::Serverless::Api"));
        assertEquals("v2", template.properties("Api").get("StageName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void handlerIsAStreamHandlerClassInsideTheJarItsCodeUriNames(String function) throws Exception {
        Map<String, Object> properties = template.properties(function);
        Path jar = ROOT.resolve(String.valueOf(properties.get("CodeUri")));
        assertTrue(Files.isRegularFile(jar), function + ": " + jar + " is what mvn package builds");
        String handler = String.valueOf(properties.get("Handler"));
        assertTrue(handler.endsWith("::handleRequest"), handler);
        String className = handler.substring(0, handler.indexOf("::"));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertNotNull(zip.getEntry(className.replace('.', '/') + ".class"), className + " is not in " + jar);
        }
        assertTrue(RequestStreamHandler.class.isAssignableFrom(Class.forName(className)),
                className + " is a RequestStreamHandler: the runtime's POJO serialization never runs");
        Class.forName(className).getConstructor();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyFunctionRunsJava21OnPublishedSnapStartVersionsBehindAnAlias(String function) {
        Map<String, Object> globals = map(map(template.root().get("Globals")).get("Function"));
        Map<String, Object> effective = new java.util.HashMap<>(globals);
        effective.putAll(template.properties(function));
        assertEquals("java21", effective.get("Runtime"));
        assertEquals("live", effective.get("AutoPublishAlias"));
        Map<String, Object> ifSnapStart = map(map(effective.get("SnapStart")).get("ApplyOn"));
        assertEquals(List.of("SnapStartOn", "PublishedVersions", "None"), list(ifSnapStart.get("Fn::If")));
        // SAM merges a function's environment variables into the global ones; a function cannot drop them.
        assertTrue(String.valueOf(map(map(globals.get("Environment")).get("Variables")).get("JAVA_TOOL_OPTIONS"))
                .contains("TieredStopAtLevel=1"));
        Object own = template.properties(function).get("Environment");
        if (own != null) assertFalse(map(map(own).get("Variables")).containsKey("JAVA_TOOL_OPTIONS"), function);
    }

    @Test
    void theAuthorizerGuardsThePullRoutesAndNotTheTokenRoutes() {
        for (String path : List.of("/", "/{proxy+}"))
            for (String method : List.of("get", "head")) {
                Map<String, Object> operation = map(pathItem(path).get(method));
                assertEquals(List.of("TokenAuth", List.of(Map.of("tokenAuthorizer", List.of())), Map.of("Ref", "AWS::NoValue")),
                        list(map(operation.get("security")).get("Fn::If")), path + " " + method);
                assertEquals("ProxyFunction.Alias", integrationAlias(operation), path + " " + method);
            }
        for (String path : List.of("/token", "/token/keys")) {
            Map<String, Object> item = pathItem(path);
            for (String method : item.keySet()) {
                if (method.startsWith("x-amazon-apigateway-any-method")) continue;
                Map<String, Object> operation = map(item.get(method));
                assertFalse(operation.containsKey("security"), path + " " + method + " is reached without a token");
                assertEquals("TokenFunction.Alias", integrationAlias(operation), path + " " + method);
            }
        }
        assertEquals(Set.of("get", "post", "x-amazon-apigateway-any-method"), pathItem("/token").keySet());
        assertEquals(Set.of("get", "x-amazon-apigateway-any-method"), pathItem("/token/keys").keySet());

        Map<String, Object> definitions = map(map(template.properties("Api").get("DefinitionBody")).get("securityDefinitions"));
        Map<String, Object> authorizer = map(map(map(list(definitions.get("Fn::If")).get(1)).get("tokenAuthorizer"))
                .get("x-amazon-apigateway-authorizer"));
        assertEquals("request", authorizer.get("type"));
        assertEquals("method.request.header.Authorization", authorizer.get("identitySource"));
        assertEquals(Map.of("Ref", "AuthorizerCacheSeconds"), authorizer.get("authorizerResultTtlInSeconds"));
        assertEquals(Map.of("Ref", "TokenFunction.Alias"), subVariable(authorizer.get("authorizerUri"), "Alias"),
                "one function serves the token endpoint and the authorizer: one cold start per first pull, not two");
        assertEquals("dev.ecrpublic.authorizer.TokenAndAuthorizerHandler::handleRequest",
                template.properties("TokenFunction").get("Handler"));
    }

    @Test
    void everyOtherMethodIsAMock405WithAnOciBody() throws Exception {
        Map<String, String> allowed = Map.of("/", "'GET, HEAD'", "/{proxy+}", "'GET, HEAD'", "/token", "'GET, POST'",
                "/token/keys", "'GET'");
        for (String path : List.of("/", "/{proxy+}", "/token", "/token/keys")) {
            Map<String, Object> integration = map(map(pathItem(path).get("x-amazon-apigateway-any-method"))
                    .get("x-amazon-apigateway-integration"));
            assertEquals("mock", integration.get("type"), path);
            Map<String, Object> response = map(map(integration.get("responses")).get("default"));
            assertEquals("405", response.get("statusCode"), path);
            JsonNode body = JSON.readTree(String.valueOf(map(response.get("responseTemplates")).get("application/json")));
            assertEquals("UNSUPPORTED", body.path("errors").path(0).path("code").asText(), path);
            assertEquals(allowed.get(path), map(response.get("responseParameters")).get("method.response.header.Allow"), path);
        }
    }

    @Test
    void gatewayResponsesCarryTheChallengeAndOciBodies() throws Exception {
        Map<String, Object> responses = map(map(template.properties("Api").get("DefinitionBody"))
                .get("x-amazon-apigateway-gateway-responses"));
        for (String type : List.of("UNAUTHORIZED", "ACCESS_DENIED")) {
            Map<String, Object> parameters = map(map(responses.get(type)).get("responseParameters"));
            assertEquals("stageVariables.challenge", parameters.get("gatewayresponse.header.WWW-Authenticate"), type);
            assertEquals("'registry/2.0'", parameters.get("gatewayresponse.header.Docker-Distribution-Api-Version"), type);
        }
        assertEquals(401, map(responses.get("UNAUTHORIZED")).get("statusCode"));
        assertEquals(403, map(responses.get("ACCESS_DENIED")).get("statusCode"));
        assertEquals(404, map(responses.get("MISSING_AUTHENTICATION_TOKEN")).get("statusCode"));
        assertEquals(503, map(responses.get("AUTHORIZER_FAILURE")).get("statusCode"));
        Map<String, String> codes = Map.of("UNAUTHORIZED", "UNAUTHORIZED", "ACCESS_DENIED", "DENIED",
                "MISSING_AUTHENTICATION_TOKEN", "NOT_FOUND", "AUTHORIZER_FAILURE", "UNAVAILABLE",
                "THROTTLED", "TOOMANYREQUESTS", "DEFAULT_4XX", "UNSUPPORTED", "DEFAULT_5XX", "UNKNOWN");
        codes.forEach((type, code) -> {
            String template = String.valueOf(map(map(map(responses.get(type)).get("responseTemplates"))).get("application/json"));
            // $context.error.messageString is a quoted JSON string at run time.
            String body = template.replace("$context.error.messageString", "\"Missing Authentication Token\"");
            try {
                assertEquals(code, JSON.readTree(body).path("errors").path(0).path("code").asText(), type);
            } catch (Exception e) {
                throw new AssertionError(type + ": body is not JSON: " + template, e);
            }
        });
        assertTrue(String.valueOf(map(map(map(responses.get("ACCESS_DENIED")).get("responseTemplates")))
                .get("application/json")).contains("log in"), "ACCESS_DENIED tells the user what to do");

        Object challenge = map(template.properties("Api").get("Variables")).get("challenge");
        assertEquals("Bearer realm=\"https://${Host}/v2/token\",service=\"${Host}\"",
                list(map(challenge).get("Fn::Sub")).getFirst());
    }

    static final List<String> PROXY_ECR_ACTIONS = List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability", "ecr:ListImages", "ecr:DescribeRepositories");

    static final List<String> GALLERY_ECR_ACTIONS = List.of("ecr:DescribeRepositories", "ecr:DescribeImages",
            "ecr:BatchGetImage");

    @Test
    void iamGrantsOnlyTheActionsEachFunctionCalls() {
        // Unconditional grants; the conditional ones are checked below.
        Map<String, Set<String>> expected = Map.of(
                "ProxyFunction", Set.copyOf(PROXY_ECR_ACTIONS),
                "TokenFunction", Set.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                "RotationFunction", Set.of("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue",
                        "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"),
                "GalleryFunction", Set.copyOf(GALLERY_ECR_ACTIONS));
        assertEquals(expected.keySet(), Set.copyOf(template.resourcesOfType("AWS::Serverless::Function")));
        expected.forEach((function, actions) -> {
            Set<String> granted = new TreeSet<>();
            for (CloudFormationTemplate.PolicyStatement statement : template.policyStatements(function)) {
                assertEquals("Allow", statement.statement().get("Effect"));
                assertFalse(String.valueOf(statement.statement().get("Resource")).equals("*"), function + " on every resource");
                assertTrue(statement.actions().stream().noneMatch(a -> a.contains("*")), function + ": no wildcard actions");
                if (statement.condition().isEmpty()) granted.addAll(statement.actions());
            }
            assertEquals(new TreeSet<>(actions), granted, function);
        });
        // The authorizer runs in the token function: its role must hold the signing keys' read the authorizer needs,
        // and nothing but what the token endpoint needed already (the union of the two former roles).
        assertEquals(List.of("SigningKeySecret", "AccessSecret", "AccessSecretArn"),
                template.references(statement("TokenFunction", "ReadKeysAndAccessDocument").statement().get("Resource")));
        assertEquals(List.of("SigningKeySecret"), template.references(template.properties("RotationFunction").get("Policies")));
    }

    /** The statements of a function that exist only under a condition, by condition. */
    static Map<String, CloudFormationTemplate.PolicyStatement> conditionalStatements(String function) {
        Map<String, CloudFormationTemplate.PolicyStatement> byCondition = new java.util.TreeMap<>();
        for (CloudFormationTemplate.PolicyStatement statement : template.policyStatements(function))
            statement.condition().ifPresent(c -> assertNull(byCondition.put(c, statement), function + " " + c));
        return byCondition;
    }

    static CloudFormationTemplate.PolicyStatement statement(String function, String sid) {
        return template.policyStatements(function).stream().filter(s -> s.sid().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError(function + " has no statement " + sid));
    }

    @Test
    void mappedRepositoriesAndTagReadsAreGrantedOnlyWhenAsked() {
        Map<String, Object> mappedArns = Map.of("Ref", "MappedRepositoryArns");

        var proxy = conditionalStatements("ProxyFunction");
        assertEquals(Set.of("HasMappedRepositories"), proxy.keySet(), "nothing more for the proxy, and only with ARNs");
        var mapped = proxy.get("HasMappedRepositories");
        assertEquals("PullFromTheMappedRepositories", mapped.sid());
        assertEquals(PROXY_ECR_ACTIONS, mapped.actions(), "exactly the calls the proxy makes, with registryId");
        assertEquals(mappedArns, mapped.statement().get("Resource"));
        assertEquals(statement("ProxyFunction", "PullFromTheServedRepositories").actions(), mapped.actions(),
                "the same calls here as elsewhere");

        var token = conditionalStatements("TokenFunction");
        assertEquals(Set.of("TagAccessOn", "TagAccessOnMappedRepositories"), token.keySet());
        var ownTags = token.get("TagAccessOn");
        assertEquals(List.of("ecr:ListTagsForResource"), ownTags.actions());
        var served = statement("ProxyFunction", "PullFromTheServedRepositories").statement();
        assertEquals(served.get("Resource"), ownTags.statement().get("Resource"),
                "tags of exactly the own repositories the proxy may read (Repositories)");
        assertEquals(served.get("Condition"), ownTags.statement().get("Condition"));
        var mappedTags = token.get("TagAccessOnMappedRepositories");
        assertEquals(List.of("ecr:ListTagsForResource"), mappedTags.actions());
        assertEquals(mappedArns, mappedTags.statement().get("Resource"));

        assertEquals(Set.of(), conditionalStatements("RotationFunction").keySet());

        Map<String, Object> conditions = template.section("Conditions");
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(
                        Map.of("Fn::Join", List.of("", mappedArns)), "")))),
                conditions.get("HasMappedRepositories"), "true exactly when ARNs are given");
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "TagAccess"), "true")), conditions.get("TagAccessOn"));
        assertEquals(Map.of("Fn::And", List.of(Map.of("Condition", "TagAccessOn"), Map.of("Condition", "HasMappedRepositories"))),
                conditions.get("TagAccessOnMappedRepositories"));
        assertEquals("TokenAuth", template.resource("TokenFunction").get("Condition"),
                "tag reads exist only where the token function does");

        Map<String, Object> parameters = template.section("Parameters");
        assertEquals("CommaDelimitedList", map(parameters.get("MappedRepositoryArns")).get("Type"));
        assertEquals("", map(parameters.get("MappedRepositoryArns")).get("Default"));
        assertEquals("false", map(parameters.get("TagAccess")).get("Default"));
        assertEquals(List.of("true", "false"), map(parameters.get("TagAccess")).get("AllowedValues"));
    }

    @Test
    void mappedRepositoryArnsAreRepositoriesOfNamedAccounts() {
        // CloudFormation applies a CommaDelimitedList's pattern to each value; "" is the empty default.
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(String.valueOf(
                map(template.section("Parameters").get("MappedRepositoryArns")).get("AllowedPattern")));
        for (String ok : List.of("", "arn:aws:ecr:eu-west-1:123456789012:repository/*",
                "arn:aws:ecr:*:123456789012:repository/team/app", "arn:aws-cn:ecr:cn-north-1:123456789012:repository/a.b_c-d/e*"))
            assertTrue(pattern.matcher(ok).matches(), ok);
        for (String refused : List.of("*", "arn:aws:ecr:eu-west-1:*:repository/*", "arn:aws:ecr:eu-west-1:123456789012:*",
                "arn:aws:s3:::bucket", "arn:aws:ecr:eu-west-1:123456789012:repository/", "arn:aws:ecr:eu-west-1:1234:repository/x"))
            assertFalse(pattern.matcher(refused).matches(), refused);
    }

    @Test
    void ownRepositoryArnsArePinnedToThisAccountAndRegion() throws Exception {
        // A Join delimiter must be a literal, so the account is IAM's policy variable and the region a condition.
        for (String[] at : List.of(new String[] {"ProxyFunction", "PullFromTheServedRepositories"},
                new String[] {"TokenFunction", "ReadRepositoryTags"},
                new String[] {"GalleryFunction", "DescribeTheServedRepositories"},
                new String[] {"GalleryFunction", "ReadRepositoryTags"})) {
            Map<String, Object> s = statement(at[0], at[1]).statement();
            String resource = String.valueOf(s.get("Resource"));
            assertTrue(resource.contains("arn:*:ecr:*:${aws:PrincipalAccount}:repository/"), at[1] + ": " + resource);
            assertTrue(resource.contains("{Ref=Repositories}"), at[1]);
            assertEquals(Map.of("StringEquals", Map.of("aws:RequestedRegion", Map.of("Ref", "AWS::Region"))),
                    s.get("Condition"), at[1]);
        }
        List<String> noFunctionsInDelimiters = new ArrayList<>();
        CloudFormationTemplate.walk(template.root(), "", (path, value) -> {
            if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::Join") instanceof List<?> l
                    && !(l.getFirst() instanceof String)) noFunctionsInDelimiters.add(path);
        });
        assertEquals(List.of(), noFunctionsInDelimiters, "CloudFormation refuses a Join delimiter that is not a string");
        // Policy variables are literal text under the default policy version 2008-10-17; SAM adds no Version.
        for (String function : functions())
            for (Object policy : list(template.properties(function).get("Policies")))
                assertEquals("2012-10-17", map(policy).get("Version"), function);
    }

    /** A gallery path item, which exists only with the Gallery parameter on. */
    static Map<String, Object> galleryItem(String path) {
        List<Object> branches = list(map(paths().get(path)).get("Fn::If"));
        assertEquals("GalleryOn", branches.getFirst(), path);
        assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2), path);
        return map(branches.get(1));
    }

    @Test
    void theGalleryIsItsOwnReadOnlyFunctionWithoutAuthorizerAndThrottled() throws Exception {
        for (String path : List.of("/_gallery", "/_gallery/{proxy+}")) {
            Map<String, Object> item = galleryItem(path);
            for (String method : List.of("get", "head")) {
                Map<String, Object> operation = map(item.get(method));
                assertFalse(operation.containsKey("security"), path + " " + method + " is reached without a token");
                assertEquals("GalleryFunction.Alias", integrationAlias(operation), path + " " + method);
            }
            Map<String, Object> mock = map(map(map(map(map(item.get("x-amazon-apigateway-any-method"))
                    .get("x-amazon-apigateway-integration")).get("responses")).get("default")));
            assertEquals("405", mock.get("statusCode"), path);
            assertEquals("'GET, HEAD'", map(mock.get("responseParameters")).get("method.response.header.Allow"), path);
            assertEquals("UNSUPPORTED", JSON.readTree(String.valueOf(map(mock.get("responseTemplates"))
                    .get("application/json"))).path("errors").path(0).path("code").asText(), path);
        }

        // Method throttling on both resources, whatever the auth mode.
        List<Object> settings = list(template.properties("Api").get("MethodSettings"));
        Map<String, Map<String, Object>> byPath = new java.util.TreeMap<>();
        for (Object setting : settings) {
            List<Object> branches = list(map(setting).get("Fn::If"));
            assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2));
            Map<String, Object> s = map(branches.get(1));
            byPath.put(branches.getFirst() + " " + s.get("ResourcePath"), s);
        }
        assertEquals(Set.of("TokenAuth /~1token", "GalleryOn /~1_gallery", "GalleryOn /~1_gallery~1{proxy+}"),
                byPath.keySet());
        for (String key : List.of("GalleryOn /~1_gallery", "GalleryOn /~1_gallery~1{proxy+}")) {
            assertEquals(Map.of("Ref", "GalleryRateLimit"), byPath.get(key).get("ThrottlingRateLimit"), key);
            assertEquals(Map.of("Ref", "GalleryBurstLimit"), byPath.get(key).get("ThrottlingBurstLimit"), key);
            assertEquals("*", byPath.get(key).get("HttpMethod"), key);
        }

        // Invoked from exactly its two resources, by GET and HEAD, in the stage.
        List<String> sources = new ArrayList<>();
        for (String permission : List.of("GalleryGetPermission", "GalleryPagesGetPermission", "GalleryHeadPermission",
                "GalleryPagesHeadPermission")) {
            Map<String, Object> p = template.properties(permission);
            assertEquals(Map.of("Ref", "GalleryFunction.Alias"), p.get("FunctionName"));
            assertEquals("GalleryOn", template.resource(permission).get("Condition"));
            sources.add(String.valueOf(map(p.get("SourceArn")).get("Fn::Sub")));
        }
        String api = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/v2/";
        assertEquals(List.of(api + "GET/_gallery", api + "GET/_gallery/*", api + "HEAD/_gallery", api + "HEAD/_gallery/*"),
                sources);

        // Its own role: reads, never a layer URL; the policy only with token auth; tags only where the token
        // function reads them; the same repositories as the proxy.
        assertEquals("GalleryOn", template.resource("GalleryFunction").get("Condition"));
        assertFalse(template.properties("GalleryFunction").containsKey("Role"));
        var conditional = conditionalStatements("GalleryFunction");
        assertEquals(Set.of("HasMappedRepositories", "TokenAuth", "GalleryReadsTags", "GalleryReadsMappedTags"),
                conditional.keySet());
        assertEquals(GALLERY_ECR_ACTIONS, conditional.get("HasMappedRepositories").actions());
        assertEquals(Map.of("Ref", "MappedRepositoryArns"), conditional.get("HasMappedRepositories").statement().get("Resource"));
        assertEquals(List.of("secretsmanager:GetSecretValue"), conditional.get("TokenAuth").actions());
        assertEquals(List.of("AccessSecret"), template.references(conditional.get("TokenAuth").statement().get("Resource"))
                .stream().filter(r -> !r.equals("AccessSecretArn")).toList(), "the access document, not the keys");
        assertEquals(List.of("ecr:ListTagsForResource"), conditional.get("GalleryReadsTags").actions());
        assertEquals(List.of("ecr:ListTagsForResource"), conditional.get("GalleryReadsMappedTags").actions());
        var served = statement("ProxyFunction", "PullFromTheServedRepositories").statement();
        assertEquals(served.get("Resource"), statement("GalleryFunction", "DescribeTheServedRepositories").statement()
                .get("Resource"));
        Map<String, Object> conditions = template.section("Conditions");
        assertEquals(Map.of("Fn::And", List.of(Map.of("Condition", "TokenAuth"), Map.of("Condition", "TagAccessOn"))),
                conditions.get("GalleryReadsTags"));
        Map<String, Object> env = map(map(template.properties("GalleryFunction").get("Environment")).get("Variables"));
        assertEquals(Set.of("AUTH_MODE", "ACCESS_SECRET_ID", "ECR_REGISTRY_ID"), env.keySet());
        assertEquals("TokenAuth", list(map(env.get("ACCESS_SECRET_ID")).get("Fn::If")).getFirst(),
                "with AuthMode none there is no policy to read: everything is public");
    }

    @Test
    void theTokenFunctionKnowsItsAccountAndTheProxyNeedsNoNewSettings() {
        Map<String, Object> token = map(map(template.properties("TokenFunction").get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "AWS::AccountId"), token.get("ECR_REGISTRY_ID"),
                "the account of the repositories no registries entry maps, for their ARNs");
        Map<String, Object> proxy = map(map(template.properties("ProxyFunction").get("Environment")).get("Variables"));
        assertEquals(Set.of("AUTH_MODE"), proxy.keySet(), "the mapping travels in the token, not in the proxy's settings");
    }

    @Test
    void theRolesOtherAccountsMustAllowAreOutputs() {
        Map<String, Object> outputs = template.section("Outputs");
        assertEquals(Map.of("Fn::GetAtt", List.of("ProxyFunctionRole", "Arn")), map(outputs.get("ProxyRoleArn")).get("Value"));
        assertEquals(Map.of("Fn::GetAtt", List.of("TokenFunctionRole", "Arn")), map(outputs.get("TokenRoleArn")).get("Value"));
        assertEquals("TokenAuth", map(outputs.get("TokenRoleArn")).get("Condition"));
        for (String function : List.of("ProxyFunction", "TokenFunction"))
            assertFalse(template.properties(function).containsKey("Role"), function + ": SAM creates " + function + "Role");
    }

    @Test
    void everyParameterAndConditionIsUsedAndEveryReferenceResolves() {
        Set<String> parameters = template.section("Parameters").keySet();
        Set<String> conditions = template.section("Conditions").keySet();
        Set<String> resources = template.section("Resources").keySet();
        Map<String, Object> rest = new java.util.LinkedHashMap<>(template.root());
        rest.remove("Parameters");
        List<String> referenced = template.references(rest);
        Set<String> used = new HashSet<>(referenced);
        template.section("Resources").values().forEach(r -> {
            Object condition = map(r).get("Condition");
            if (condition != null) used.add(String.valueOf(condition));
        });
        template.section("Outputs").values().forEach(o -> {
            Object condition = map(o).get("Condition");
            if (condition != null) used.add(String.valueOf(condition));
        });
        walkConditionNames(rest, used);
        for (String p : parameters) assertTrue(used.contains(p), "parameter " + p + " is never used");
        for (String c : conditions) assertTrue(used.contains(c), "condition " + c + " is never used");
        for (String name : referenced) {
            String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            assertTrue(PSEUDO.contains(name) || parameters.contains(name) || conditions.contains(name)
                    || resources.contains(base) || isSamRole(base) || isSubVariable(name), "unresolved reference " + name);
        }
    }

    @Test
    void nothingAssumesOnePartition() {
        List<String> offending = new ArrayList<>();
        CloudFormationTemplate.walk(template.section("Resources"), "", (path, value) -> {
            if (!(value instanceof String s)) return;
            boolean principal = path.endsWith("/Principal") && s.matches("[a-z-]+\\.amazonaws\\.com");
            if ((s.contains("arn:aws:") || s.contains("amazonaws.com")) && !principal) offending.add(path + " = " + s);
        });
        CloudFormationTemplate.walk(template.section("Outputs"), "", (path, value) -> {
            if (value instanceof String s && (s.contains("arn:aws:") || s.contains("amazonaws.com"))) offending.add(path);
        });
        assertEquals(List.of(), offending, "ARNs and hosts come from ${AWS::Partition} and ${AWS::URLSuffix}");
    }

    @Test
    void invokePermissionsNameTheStageMethodAndRouteOrTheSecretThatCallThem() {
        Map<String, String> apiPermissions = new java.util.TreeMap<>();
        for (String name : template.resourcesOfType("AWS::Lambda::Permission")) {
            Map<String, Object> p = template.properties(name);
            assertEquals("lambda:InvokeFunction", p.get("Action"), name);
            if ("secretsmanager.amazonaws.com".equals(p.get("Principal"))) {
                assertEquals(Map.of("Ref", "RotationFunction.Alias"), p.get("FunctionName"), name);
                assertEquals(Map.of("Ref", "SigningKeySecret"), p.get("SourceArn"), name + ": only this secret's rotation");
                continue;
            }
            assertEquals("apigateway.amazonaws.com", p.get("Principal"), name);
            String arn = String.valueOf(map(p.get("SourceArn")).get("Fn::Sub"));
            String prefix = "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/";
            assertTrue(arn.startsWith(prefix), name + ": " + arn);
            apiPermissions.put(map(p.get("FunctionName")).get("Ref") + " " + arn.substring(prefix.length()), name);
        }
        // tools/validate-template derives these from the integration URIs of the translated template.
        assertEquals(Set.of("ProxyFunction.Alias v2/GET/*", "ProxyFunction.Alias v2/HEAD/*",
                "TokenFunction.Alias v2/GET/token", "TokenFunction.Alias v2/POST/token",
                "TokenFunction.Alias v2/GET/token/keys", "TokenFunction.Alias authorizers/*",
                "GalleryFunction.Alias v2/GET/_gallery", "GalleryFunction.Alias v2/GET/_gallery/*",
                "GalleryFunction.Alias v2/HEAD/_gallery", "GalleryFunction.Alias v2/HEAD/_gallery/*"),
                apiPermissions.keySet());
        Map<String, Object> rotation = map(template.section("Resources").get("SigningKeyRotation"));
        assertEquals("RotationInvokePermission", rotation.get("DependsOn"), "the first rotation runs once it may invoke");
    }

    @Test
    void tracingIsRefusedWhereLambdaHasNoXRay() {
        Map<String, Object> rule = map(template.section("Rules").get("NoLambdaTracingInChina"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "AWS::Partition"), "aws-cn")), rule.get("RuleCondition"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "TracingEnabled"), "false")),
                map(list(rule.get("Assertions")).getFirst()).get("Assert"));
    }

    @Test
    void theSigningKeyRotatesOnTheScheduleFromTheStart() {
        Map<String, Object> rotation = template.properties("SigningKeyRotation");
        assertEquals(Map.of("Ref", "SigningKeySecret"), rotation.get("SecretId"));
        assertEquals(Map.of("Ref", "RotationFunction.Alias"), rotation.get("RotationLambdaARN"));
        assertEquals(true, rotation.get("RotateImmediatelyOnUpdate"), "the first rotation creates the first key");
        assertEquals("rate(${KeyRotationDays} days)", map(map(rotation.get("RotationRules")).get("ScheduleExpression")).get("Fn::Sub"));
        assertEquals("{}", template.properties("SigningKeySecret").get("SecretString"),
                "the placeholder the key loader knows (SigningKeyJwk.UNSET)");
    }

    @Test
    void readmeLinksTheDocs() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String doc : List.of("docs/deploy.md", "docs/operations.md", "docs/troubleshooting.md", "docs/architecture.svg",
                "docs/cross-account.md")) {
            assertTrue(Files.isRegularFile(ROOT.resolve(doc)), doc);
            assertTrue(readme.contains("(" + doc + ")"), "README links " + doc);
        }
    }

    private static String integrationAlias(Map<String, Object> operation) {
        Object uri = map(operation.get("x-amazon-apigateway-integration")).get("uri");
        return String.valueOf(map(subVariable(uri, "Alias")).get("Ref"));
    }

    private static Object subVariable(Object sub, String variable) {
        List<Object> parts = list(map(sub).get("Fn::Sub"));
        return map(parts.get(1)).get(variable);
    }

    /** Conditions named as the first argument of Fn::If count as used. */
    private static void walkConditionNames(Object node, Set<String> used) {
        CloudFormationTemplate.walk(node, "", (path, value) -> {
            if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::If"))
                used.add(String.valueOf(list(m.get("Fn::If")).getFirst()));
        });
    }

    /** The role SAM generates for a function that names none: FUNCTIONRole. */
    private static boolean isSamRole(String name) {
        if (!name.endsWith("Role")) return false;
        String function = name.substring(0, name.length() - "Role".length());
        return template.resourcesOfType("AWS::Serverless::Function").contains(function)
                && !template.properties(function).containsKey("Role");
    }

    /** Names bound by the variable map of a two-argument Fn::Sub. */
    private static boolean isSubVariable(String name) {
        Set<String> bound = new HashSet<>();
        CloudFormationTemplate.walk(template.root(), "", (path, value) -> {
            if (value instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::Sub") instanceof List<?> l && l.size() == 2)
                bound.addAll(map(l.get(1)).keySet());
        });
        return bound.contains(name);
    }
}
