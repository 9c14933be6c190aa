package dev.ecrpublic.bench.jmh;

import dev.ecrpublic.authorizer.PolicyDocument;
import dev.ecrpublic.gateway.AuthorizerContext;
import dev.ecrpublic.policy.AccessPolicy;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.Identity;
import dev.ecrpublic.policy.Principal;
import dev.ecrpublic.policy.RepositoryGlob;
import dev.ecrpublic.policy.Scope;
import dev.ecrpublic.policy.ScopeRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Building what a token grants (token function) and the IAM policy answer (authorizer). */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class PolicyBenchmark {
    static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/hello/manifests/latest";

    AccessPolicy policy;
    Identity identity;
    List<Scope> scopes;
    GrantedAccess granted;
    Map<String, String> context;

    @Setup
    public void setUp() {
        policy = AccessPolicy.parse("{\"anonymous\": [\"public/*\"]}");
        identity = new Identity(Principal.credential("ci"), List.of(RepositoryGlob.parse("hello"), RepositoryGlob.parse("team/*")));
        scopes = ScopeRequest.parse(List.of("repository:hello:pull"));
        granted = policy.grant(identity, scopes);
        if (granted.pullableRepositories().isEmpty()) throw new IllegalStateException("nothing granted");
        context = new AuthorizerContext("ci", granted).toMap();
    }

    /** AccessPolicy.grant: the requested scopes against the identity's and the anonymous patterns. */
    @Benchmark
    public GrantedAccess grant() {
        return policy.grant(identity, scopes);
    }

    /** PolicyDocument.allowing: the method ARNs the token covers. */
    @Benchmark
    public PolicyDocument allowing() {
        return PolicyDocument.allowing(METHOD_ARN, "ci", granted, context);
    }

    /** allowing plus its JSON, as the authorizer answers it. */
    @Benchmark
    public byte[] allowingAsJson() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        PolicyDocument.allowing(METHOD_ARN, "ci", granted, new AuthorizerContext("ci", granted).toMap()).writeTo(out);
        return out.toByteArray();
    }
}
