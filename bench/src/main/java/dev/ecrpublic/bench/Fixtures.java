package dev.ecrpublic.bench;

import dev.ecrpublic.authorizer.FunctionEnvironment;
import dev.ecrpublic.keys.SecretsManagerKeys;
import dev.ecrpublic.local.LocalSecrets;
import dev.ecrpublic.local.ecr.EcrEmulator;
import dev.ecrpublic.local.ecr.ImageStore;
import dev.ecrpublic.local.ecr.SampleImages;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.IssuedSecret;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.reference.Digest;
import dev.ecrpublic.token.TokenIssuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the functions talk to, running in the bench JVM on loopback: the ECR emulator with the sample image
 * {@code hello:latest} (an OCI index), and the Secrets Manager emulator holding a signing key, an access policy and
 * one issued credential ({@code ci}, pulls {@code hello}; anyone may pull {@code hello} too, for the cold pull). Plus
 * the realistic events of one pull.
 */
final class Fixtures implements AutoCloseable {
    static final String HOST = "registry.example.com";
    static final String REGION = "eu-west-1";
    static final String REPOSITORY = SampleImages.REPOSITORY;
    static final String TAG = SampleImages.TAG;
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/hello/manifests/latest";
    static final String ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921.BatchGetImage";
    static final String SECRETS_TARGET = "secretsmanager.GetSecretValue";

    final EcrEmulator ecr;
    final LocalSecrets secrets;
    final Digest latest;
    final String credentialSecret;
    final String token;

    private Fixtures(EcrEmulator ecr, LocalSecrets secrets, Digest latest, String credentialSecret, String token) {
        this.ecr = ecr;
        this.secrets = secrets;
        this.latest = latest;
        this.credentialSecret = credentialSecret;
        this.token = token;
    }

    static Fixtures start() throws IOException {
        ImageStore store = new ImageStore();
        SampleImages.seed(store);
        Digest latest = store.resolveTag(REPOSITORY, TAG).orElseThrow();
        EcrEmulator ecr = EcrEmulator.start(store, REGION);
        LocalSecrets secrets = LocalSecrets.open(null);
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        secrets.prepare(Optional.of(AccessPolicy.parse("{\"anonymous\": [\"public/*\", \"" + REPOSITORY + "\"]}")));
        IssuedSecret issued = IssuedSecret.generate("ci", List.of(RepositoryGlob.parse(REPOSITORY)), Optional.empty(),
                clock, random);
        secrets.access().update(d -> d.withCredential(issued.credential()));
        // The access token a docker login of ci would carry, signed with the current key as the token function signs.
        TokenIssuer issuer = new TokenIssuer(new SecretsManagerKeys(secrets.client(), LocalSecrets.KEYS_SECRET_ID,
                clock, SecretsManagerKeys.DEFAULT_TTL), clock, FunctionEnvironment.DEFAULT_ISSUER, random);
        String token = issuer.issue("ci", HOST, new GrantedAccess(List.of(Access.pull(REPOSITORY)), List.of()),
                Duration.ofHours(6)).token();
        return new Fixtures(ecr, secrets, latest, issued.secret(), token);
    }

    /** The credentials any Lambda gets from its environment; endpoints point the SDK at the emulators. */
    private Map<String, String> aws() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "example-secret");
        env.put("AWS_SESSION_TOKEN", "example-session-token");
        return env;
    }

    /** As template.yaml configures ProxyFunction with AuthMode=token. */
    Map<String, String> proxyEnvironment() {
        Map<String, String> env = aws();
        env.put("AWS_ENDPOINT_URL_ECR", ecr.endpoint().toString());
        env.put("AUTH_MODE", "token");
        return env;
    }

    /** As template.yaml configures AuthorizerFunction with a domain name. */
    Map<String, String> authorizerEnvironment() {
        Map<String, String> env = aws();
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.emulator().endpoint().toString());
        env.put("SIGNING_KEYS_SECRET_ID", LocalSecrets.KEYS_SECRET_ID);
        env.put("REGISTRY_SERVICE", HOST);
        return env;
    }

    /** As template.yaml configures TokenFunction with a domain name. */
    Map<String, String> tokenEnvironment() {
        Map<String, String> env = authorizerEnvironment();
        env.put("ACCESS_SECRET_ID", LocalSecrets.ACCESS_SECRET_ID);
        return env;
    }

    /** GET /v2/hello/manifests/latest (or by digest) through the proxy integration, after the authorizer allowed it. */
    byte[] manifestEvent(String reference, String requestId) {
        return ("""
                {"resource":"/{proxy+}","path":"/%s/manifests/%s","httpMethod":"GET",
                 "headers":{"Accept":"%s","Host":"%s","User-Agent":"docker/27.5.1"},
                 "multiValueHeaders":{"Accept":["%s"],"Host":["%s"],"User-Agent":["docker/27.5.1"]},
                 "queryStringParameters":null,"multiValueQueryStringParameters":null,
                 "pathParameters":{"proxy":"%s/manifests/%s"},"stageVariables":null,
                 "requestContext":{"resourcePath":"/{proxy+}","httpMethod":"GET","path":"/v2/%s/manifests/%s",
                  "stage":"v2","requestId":"%s","domainName":"%s","apiId":"abc123","accountId":"123456789012",
                  "identity":{"sourceIp":"203.0.113.7","userAgent":"docker/27.5.1"},
                  "authorizer":{"principalId":"ci","principal":"ci","repositories":"%s","catalog":"false",
                   "catalogRepositories":"","integrationLatency":12}},
                 "body":null,"isBase64Encoded":false}""").formatted(REPOSITORY, reference, INDEX, HOST, INDEX, HOST,
                REPOSITORY, reference, REPOSITORY, reference, requestId, HOST, REPOSITORY)
                .getBytes(StandardCharsets.UTF_8);
    }

    byte[] proxyTagEvent() {
        return manifestEvent(TAG, "req-tag");
    }

    byte[] proxyDigestEvent() {
        return manifestEvent(latest.value(), "req-digest");
    }

    /** The REST API REQUEST authorizer event for that GET, with ci's access token. */
    byte[] authorizerEvent() {
        return ("""
                {"type":"REQUEST","methodArn":"%s","resource":"/{proxy+}","path":"/v2/%s/manifests/%s",
                 "httpMethod":"GET","headers":{"Accept":"%s","Authorization":"Bearer %s","Host":"%s",
                 "User-Agent":"docker/27.5.1"},
                 "multiValueHeaders":{"Accept":["%s"],"Authorization":["Bearer %s"],"Host":["%s"],
                 "User-Agent":["docker/27.5.1"]},
                 "queryStringParameters":{},"multiValueQueryStringParameters":{},
                 "pathParameters":{"proxy":"%s/manifests/%s"},"stageVariables":{},
                 "requestContext":{"resourcePath":"/{proxy+}","httpMethod":"GET","stage":"v2","requestId":"req-auth",
                  "apiId":"abc123","accountId":"123456789012","identity":{"sourceIp":"203.0.113.7"}}}""")
                .formatted(METHOD_ARN, REPOSITORY, TAG, INDEX, token, HOST, INDEX, token, HOST, REPOSITORY, TAG)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** docker login: GET /v2/token with Basic credentials, service and a pull scope. */
    byte[] tokenEvent() {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("ci:" + credentialSecret).getBytes(StandardCharsets.UTF_8));
        String scope = "repository:" + REPOSITORY + ":pull";
        return ("""
                {"resource":"/token","path":"/token","httpMethod":"GET",
                 "headers":{"Authorization":"%s","Host":"%s","User-Agent":"docker/27.5.1"},
                 "multiValueHeaders":{"Authorization":["%s"],"Host":["%s"],"User-Agent":["docker/27.5.1"]},
                 "queryStringParameters":{"account":"ci","scope":"%s","service":"%s"},
                 "multiValueQueryStringParameters":{"account":["ci"],"scope":["%s"],"service":["%s"]},
                 "pathParameters":null,"stageVariables":null,
                 "requestContext":{"resourcePath":"/token","httpMethod":"GET","path":"/v2/token","stage":"v2",
                  "requestId":"req-token","domainName":"%s","apiId":"abc123","identity":{"sourceIp":"203.0.113.7"}},
                 "body":null,"isBase64Encoded":false}""")
                .formatted(basic, HOST, basic, HOST, scope, HOST, scope, HOST, HOST).getBytes(StandardCharsets.UTF_8);
    }

    /** The body the SDK sends for the proxy's BatchGetImage of hello:latest. */
    byte[] batchGetImageBody() {
        return ("{\"repositoryName\":\"" + REPOSITORY + "\",\"imageIds\":[{\"imageTag\":\"" + TAG + "\"}],"
                + "\"acceptedMediaTypes\":[\"" + INDEX + "\"]}").getBytes(StandardCharsets.UTF_8);
    }

    /** The body the SDK sends for the token function's GetSecretValue of the access document. */
    byte[] getSecretValueBody() {
        return ("{\"SecretId\":\"" + LocalSecrets.ACCESS_SECRET_ID + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    int ecrPort() {
        return ecr.endpoint().getPort();
    }

    int secretsPort() {
        return secrets.emulator().endpoint().getPort();
    }

    /** The emulators' calls so far, by operation (those made at least once), both services together. */
    Map<String, Long> calls() {
        Map<String, Long> calls = new HashMap<>();
        ecr.callCounts().forEach((op, n) -> calls.merge(op, n, Long::sum));
        secrets.emulator().callCounts().forEach((op, n) -> calls.merge(op, n, Long::sum));
        calls.values().removeIf(n -> n == 0);
        return calls;
    }

    void resetCalls() {
        ecr.resetCallCounts();
        secrets.emulator().resetCallCounts();
    }

    @Override
    public void close() {
        ecr.close();
        secrets.close();
    }
}
