package dev.ecrpublic.reference;

/** The reference part of a manifest URL: a tag, or a digest that pins exact bytes. */
public sealed interface ManifestReference {
    record ByTag(Tag tag) implements ManifestReference {
        @Override public String toString() { return tag.value(); }
    }

    record ByDigest(Digest digest) implements ManifestReference {
        @Override public String toString() { return digest.value(); }
    }

    /** A reference with a ':' can only be a digest; anything else must be a tag. */
    static ManifestReference parse(String reference) {
        return reference != null && reference.indexOf(':') >= 0
                ? new ByDigest(new Digest(reference))
                : new ByTag(new Tag(reference));
    }
}
