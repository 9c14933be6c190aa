package dev.ecrpublic.reference;

import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

public record Tag(String value) {
    public Tag {
        if (value == null || !Grammar.TAG_PATTERN.matcher(value).matches())
            throw new RegistryException(OciError.TAG_INVALID, "invalid tag");
    }

    @Override
    public String toString() {
        return value;
    }
}
