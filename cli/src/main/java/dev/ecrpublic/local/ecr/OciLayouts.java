package dev.ecrpublic.local.ecr;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Imports a directory of OCI image layouts, such as {@code skopeo copy docker://... oci:DIR/team/app:1.0} makes:
 * every directory holding an {@code oci-layout} file is one repository, named by its path under the directory. Blobs
 * stay on disk and are served from there.
 */
public final class OciLayouts {
    private OciLayouts() {}

    /**
     * Reads every layout before storing anything, so that a broken layout fails the import as a whole rather than
     * leaving half of the images behind. Returns the repositories imported, sorted.
     */
    public static List<String> importAll(Path dir, ImageStore store) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, OciLayoutReader.Contents> read = new LinkedHashMap<>();
        for (Path layout : layouts(dir)) read.put(repositoryName(dir, layout), OciLayoutReader.read(layout, mapper));
        read.forEach((repository, contents) -> {
            store.createRepository(repository);
            contents.blobs().forEach(blob -> store.putBlob(repository, blob));
            contents.manifests().forEach(m -> store.putManifest(repository, m.bytes(), m.mediaType()));
            contents.tags().forEach((tag, digest) -> store.tag(repository, tag, digest));
        });
        return List.copyOf(read.keySet());
    }

    private static List<Path> layouts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory");
        List<Path> layouts = new ArrayList<>();
        // Links are followed so that a directory of symlinks to layouts elsewhere works; a loop fails the walk.
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                // A layout's blobs directory can hold tens of thousands of files and never another layout.
                if (path.getFileName() != null && path.getFileName().toString().equals("blobs")
                        && path.getParent() != null && isLayout(path.getParent())) return FileVisitResult.SKIP_SUBTREE;
                if (isLayout(path)) layouts.add(path);
                return FileVisitResult.CONTINUE;
            }
        });
        layouts.sort(Comparator.naturalOrder());
        return layouts;
    }

    private static boolean isLayout(Path path) {
        return Files.isRegularFile(path.resolve("oci-layout"));
    }

    /** The path under the import directory, '/'-separated whatever the platform, and a name ECR would accept. */
    private static String repositoryName(Path dir, Path layout) throws IOException {
        Path relative = dir.relativize(layout);
        String name = StreamSupport.stream(relative.spliterator(), false).map(Path::toString)
                .collect(Collectors.joining("/"));
        if (name.isEmpty())
            throw new IOException(dir + " is itself an OCI layout;"
                    + " put it in a subdirectory named after its repository");
        if (name.length() < EcrConstraints.REPOSITORY_NAME_MIN || name.length() > EcrConstraints.REPOSITORY_NAME_MAX
                || !EcrConstraints.REPOSITORY_NAME_PATTERN.matcher(name).matches())
            throw new IOException("OCI layout " + layout + ": '" + name + "' is not a repository name ECR accepts");
        return name;
    }
}
