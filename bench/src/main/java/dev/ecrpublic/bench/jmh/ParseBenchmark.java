package dev.ecrpublic.bench.jmh;

import dev.ecrpublic.policy.Scope;
import dev.ecrpublic.policy.ScopeRequest;
import dev.ecrpublic.proxy.registry.Route;
import org.openjdk.jmh.annotations.Benchmark;

import java.util.List;

/** The proxy's path parse (Route.parse, public as an interface member) and the token endpoint's scope parse. */
public class ParseBenchmark {
    static final String MANIFEST_BY_TAG = "/hello/manifests/latest";
    static final String BLOB = "/team/app/blobs/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final List<String> ONE_SCOPE = List.of("repository:hello:pull");
    static final List<String> THREE_SCOPES = List.of("repository:team/app:pull,push repository:hello:pull", "registry:catalog:*");

    @Benchmark
    public Route pathManifestByTag() {
        return Route.parse(MANIFEST_BY_TAG);
    }

    @Benchmark
    public Route pathBlob() {
        return Route.parse(BLOB);
    }

    @Benchmark
    public List<Scope> scopeOne() {
        return ScopeRequest.parse(ONE_SCOPE);
    }

    @Benchmark
    public List<Scope> scopeThree() {
        return ScopeRequest.parse(THREE_SCOPES);
    }
}
