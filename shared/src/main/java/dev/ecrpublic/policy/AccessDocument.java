package dev.ecrpublic.policy;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the access secret holds: the policy (absent means none was configured, so the anonymous fallback applies) and
 * the issued credentials. One document keeps policy and credentials consistent under a single secret version.
 */
public record AccessDocument(Optional<AccessPolicy> policy, List<IssuedCredential> credentials) {
    private static final Set<String> KEYS = Set.of("policy", "credentials");

    public AccessDocument {
        Objects.requireNonNull(policy, "policy");
        credentials = List.copyOf(credentials);
        Set<String> names = new HashSet<>();
        for (IssuedCredential c : credentials)
            if (!names.add(c.name())) throw new PolicyException("credentials: name listed twice: " + c.name());
    }

    public static AccessDocument empty() {
        return new AccessDocument(Optional.empty(), List.of());
    }

    public static AccessDocument parse(String json) {
        StrictObject o = StrictObject.parse(json, "access document", KEYS);
        Optional<AccessPolicy> policy = o.has("policy")
                ? Optional.of(AccessPolicy.from(o.get("policy"), "policy"))
                : Optional.empty();
        List<Object> values = o.list("credentials");
        List<IssuedCredential> credentials = new ArrayList<>();
        for (int i = 0; i < values.size(); i++)
            credentials.add(IssuedCredential.from(values.get(i), "credentials[" + i + "]"));
        return new AccessDocument(policy, credentials);
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        policy.ifPresent(p -> map.put("policy", p.toMap()));
        map.put("credentials", credentials.stream().map(IssuedCredential::toMap).toList());
        return JSONObjectUtils.toJSONString(map);
    }

    /** Adds the credential, replacing one of the same name in place. */
    public AccessDocument withCredential(IssuedCredential credential) {
        List<IssuedCredential> out = new ArrayList<>(credentials);
        int at = indexOf(credential.name());
        if (at >= 0) out.set(at, credential);
        else out.add(credential);
        return new AccessDocument(policy, out);
    }

    public AccessDocument withoutCredential(String name) {
        return new AccessDocument(policy, credentials.stream().filter(c -> !c.name().equals(name)).toList());
    }

    public AccessDocument withPolicy(Optional<AccessPolicy> newPolicy) {
        return new AccessDocument(newPolicy, credentials);
    }

    public Optional<IssuedCredential> credential(String name) {
        return credentials.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public AccessPolicy effectivePolicy() {
        return policy.orElse(AccessPolicy.FALLBACK);
    }

    private int indexOf(String name) {
        for (int i = 0; i < credentials.size(); i++) if (credentials.get(i).name().equals(name)) return i;
        return -1;
    }
}
