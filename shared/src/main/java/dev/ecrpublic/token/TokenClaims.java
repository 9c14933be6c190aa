package dev.ecrpublic.token;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.ecrpublic.policy.Access;
import dev.ecrpublic.policy.GrantedAccess;
import dev.ecrpublic.policy.PolicyException;
import dev.ecrpublic.policy.RegistryMapping;
import dev.ecrpublic.policy.RepositoryGlob;

import java.util.ArrayList;
import java.util.List;

/** Our claim names and the conversion between the access claims and {@link GrantedAccess}, in one place. */
final class TokenClaims {
    static final String ACCESS = "access";
    static final String CATALOG_REPOSITORIES = "catalog_repositories";
    static final String REGISTRIES = "registries";
    static final String TOKEN_USE = "token_use";
    static final String GRANT = "grant";
    static final String USE_ACCESS = "access";
    static final String USE_REFRESH = "refresh";

    private TokenClaims() {
    }

    static void writeAccess(JWTClaimsSet.Builder claims, GrantedAccess granted) {
        claims.claim(ACCESS, granted.access().stream().map(Access::toMap).toList());
        if (granted.catalog())
            claims.claim(CATALOG_REPOSITORIES, granted.catalogRepositories().stream().map(RepositoryGlob::pattern).toList());
        if (!granted.registries().entries().isEmpty()) claims.claim(REGISTRIES, granted.registries().toClaim());
    }

    /** Throws IllegalArgumentException (never quoting the token) when the claims do not have our shape. */
    static GrantedAccess readAccess(JWTClaimsSet claims) {
        if (!(claims.getClaim(ACCESS) instanceof List<?> entries))
            throw new IllegalArgumentException("access claim missing or not a list");
        List<Access> access = new ArrayList<>();
        for (Object entry : entries) access.add(Access.fromMap(entry));
        List<RepositoryGlob> catalog = new ArrayList<>();
        Object patterns = claims.getClaim(CATALOG_REPOSITORIES);
        if (patterns != null) {
            if (!(patterns instanceof List<?> list)) throw new IllegalArgumentException("catalog_repositories not a list");
            for (Object p : list) {
                if (!(p instanceof String s)) throw new IllegalArgumentException("catalog_repositories entry not a string");
                try {
                    catalog.add(RepositoryGlob.parse(s));
                } catch (PolicyException e) {
                    throw new IllegalArgumentException("catalog_repositories entry is not a repository pattern");
                }
            }
        }
        RegistryMapping registries = RegistryMapping.NONE;
        if (claims.getClaim(REGISTRIES) != null) {
            try {
                registries = RegistryMapping.fromClaim(claims.getClaim(REGISTRIES));
            } catch (PolicyException e) {
                throw new IllegalArgumentException("registries claim is not a registry mapping");
            }
        }
        return new GrantedAccess(access, catalog, registries);
    }
}
