package dev.ecrpublic.authorizer;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ecrpublic.gateway.ProxyIntegrationJson;
import dev.ecrpublic.policy.GrantedAccess;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The authorizer's answer: an IAM policy allowing {@code execute-api:Invoke} on exactly the method ARNs a token covers,
 * plus the context the proxy reads. API Gateway caches this per token, so the policy must be right for every
 * request the token may make, not only the one that triggered it.
 */
public record PolicyDocument(String principalId, List<String> allowedResources, Map<String, String> context) {
    static final List<String> METHODS = List.of("GET", "HEAD");

    /**
     * @param methodArn e.g. {@code arn:aws:execute-api:eu-west-1:123456789012:abc123/v2/GET/hello/manifests/latest};
     *                  the ARNs granted share its API and stage, whatever the partition.
     */
    public static PolicyDocument allowing(String methodArn, String principalId, GrantedAccess access,
                                          Map<String, String> context) {
        String stagePrefix = stagePrefix(methodArn);
        List<String> resources = new ArrayList<>();
        for (String method : METHODS) resources.add(stagePrefix + method + "/");
        if (access.catalog()) for (String method : METHODS) resources.add(stagePrefix + method + "/_catalog");
        for (String repository : access.pullableRepositories())
            for (String method : METHODS) resources.add(stagePrefix + method + "/" + repository + "/*");
        return new PolicyDocument(principalId, List.copyOf(resources), context);
    }

    /** {@code arn:...:apiId/stage/} from a method ARN; refuses anything else rather than widen a policy. */
    static String stagePrefix(String methodArn) {
        String[] parts = methodArn == null ? new String[0] : methodArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("execute-api"))
            throw new IllegalArgumentException("not an execute-api method ARN");
        String[] path = parts[5].split("/", 3);
        if (path.length < 3 || path[0].isEmpty() || path[1].isEmpty())
            throw new IllegalArgumentException("method ARN without API id and stage");
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], path[0] + "/" + path[1] + "/");
    }

    public void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator g = ProxyIntegrationJson.factory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("principalId", principalId);
            g.writeObjectFieldStart("policyDocument");
            g.writeStringField("Version", "2012-10-17");
            g.writeArrayFieldStart("Statement");
            g.writeStartObject();
            g.writeStringField("Action", "execute-api:Invoke");
            g.writeStringField("Effect", "Allow");
            g.writeArrayFieldStart("Resource");
            for (String resource : allowedResources) g.writeString(resource);
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("context");
            for (Map.Entry<String, String> e : context.entrySet()) g.writeStringField(e.getKey(), e.getValue());
            g.writeEndObject();
            g.writeEndObject();
        }
    }
}
