package dev.ecrpublic.reference;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

/** A repository name as the client sees it, checked against the distribution grammar. */
public record RepositoryName(String value) {
    public RepositoryName {
        if (value == null || value.length() > Grammar.NAME_MAX_LENGTH || !Grammar.NAME_PATTERN.matcher(value).matches())
            throw new RegistryException(OciError.NAME_INVALID, "invalid repository name");
    }

    @Override
    public String toString() {
        return value;
    }
}
