package dev.ecrpublic.local.ecr;

import dev.ecrpublic.reference.Digest;

import java.nio.charset.StandardCharsets;

/** Artifacts that name a subject, stored as a push with OCI 1.1 stores them, for the referrers tests. */
public final class ReferringArtifacts {
    public static final String MANIFEST = SampleImages.MANIFEST;
    public static final String EMPTY_DIGEST = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    private ReferringArtifacts() {}

    /**
     * Stores in {@code repository} an artifact of {@code artifactType} (none: the config's type stands for it) whose
     * subject is the manifest {@code subject} of {@code subjectSize} bytes; {@code n} makes each one distinct.
     */
    public static Digest push(ImageStore store, String repository, Digest subject, long subjectSize,
                              String artifactType, int n) {
        String type = artifactType == null ? "" : "\"artifactType\":\"" + artifactType + "\",";
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\"," + type
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + EMPTY_DIGEST
                + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + SampleImages.INDEX + "\",\"digest\":\"" + subject.value()
                + "\",\"size\":" + subjectSize + "},"
                + "\"annotations\":{\"n\":\"" + n + "\"}}").getBytes(StandardCharsets.UTF_8);
        return store.putManifest(repository, manifest, MANIFEST);
    }
}
