package dev.ecrpublic.local.ecr;

import dev.ecrpublic.reference.Digest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes OCI image layouts of one small image each (a config and one layer of plain text), as skopeo lays them out. */
public final class TinyLayouts {
    private TinyLayouts() {}

    /** {@code dir/repository} as a layout whose image is tagged {@code tag}; returns the manifest's digest. */
    public static Digest write(Path dir, String repository, String tag, String content) throws IOException {
        Path layout = dir.resolve(repository);
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"comment\":\"" + content + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = content.getBytes(StandardCharsets.UTF_8);
        Digest configDigest = blob(layout, config);
        Digest layerDigest = blob(layout, layer);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + SampleImages.MANIFEST + "\",\"config\":{"
                + "\"mediaType\":\"" + SampleImages.CONFIG + "\",\"digest\":\"" + configDigest.value() + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"" + SampleImages.LAYER + "\",\"digest\":\""
                + layerDigest.value() + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest manifestDigest = blob(layout, manifest);
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"" + SampleImages.INDEX
                + "\",\"manifests\":[{\"mediaType\":\"" + SampleImages.MANIFEST + "\",\"digest\":\""
                + manifestDigest.value() + "\",\"size\":" + manifest.length + ",\"annotations\":{\""
                + OciLayoutReader.REF_NAME + "\":\"" + tag + "\"}}]}");
        return manifestDigest;
    }

    private static Digest blob(Path layout, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256Of(bytes);
        Files.write(layout.resolve("blobs/sha256/" + digest.value().substring("sha256:".length())), bytes);
        return digest;
    }
}
