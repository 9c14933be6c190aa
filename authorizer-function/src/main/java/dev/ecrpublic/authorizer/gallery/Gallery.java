package dev.ecrpublic.authorizer.gallery;

import dev.ecrpublic.policy.RepositoryLocation;
import dev.ecrpublic.registry.OciError;
import dev.ecrpublic.registry.RegistryException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the gallery shows, independent of how it is drawn: pages of public repositories, and pages of one repository's
 * tags, newest first, with the platforms of the images on that page (one batched index read per page at most).
 */
final class Gallery {
    static final int REPOSITORIES_PER_PAGE = 100;
    static final int TAGS_PER_PAGE = 50;
    static final int MAX_QUERY_LENGTH = 256;

    private final PublicRepositories repositories;
    private final GalleryReads reads;

    Gallery(PublicRepositories repositories, GalleryReads reads) {
        this.repositories = repositories;
        this.reads = reads;
    }

    RepositoryList list(String query, int page) {
        if (query.length() > MAX_QUERY_LENGTH) throw new RegistryException(OciError.UNSUPPORTED, "query too long");
        String needle = query.trim().toLowerCase(Locale.ROOT);
        List<String> matching = repositories.names().stream().filter(n -> n.contains(needle)).toList();
        int pages = pages(matching.size(), REPOSITORIES_PER_PAGE);
        return new RepositoryList(slice(matching, page, pages, REPOSITORIES_PER_PAGE), query, page, pages,
                matching.size());
    }

    RepositoryView repository(String name, int page) {
        RepositoryLocation location = repositories.locate(name);
        List<GalleryReads.TaggedImage> images = reads.images(location);
        record Tagged(String tag, GalleryReads.TaggedImage image) {}
        List<Tagged> rows = new ArrayList<>();
        for (GalleryReads.TaggedImage image : images) for (String tag : image.tags()) rows.add(new Tagged(tag, image));
        rows.sort(Comparator.comparing((Tagged t) -> t.image().pushedAt()).reversed()
                .thenComparing(Tagged::tag));
        int pages = pages(rows.size(), TAGS_PER_PAGE);
        List<Tagged> shown = slice(rows, page, pages, TAGS_PER_PAGE);
        List<String> indexes = shown.stream().map(Tagged::image).filter(GalleryReads.TaggedImage::isIndex)
                .map(GalleryReads.TaggedImage::digest).distinct().toList();
        Map<String, List<String>> platforms = reads.platforms(location, indexes);
        List<TagRow> tags = shown.stream().map(t -> new TagRow(t.tag(), t.image().digest(),
                platforms.getOrDefault(t.image().digest(), List.of()), t.image().size(), t.image().pushedAt())).toList();
        return new RepositoryView(name, tags, page, pages, rows.size());
    }

    private static int pages(int items, int perPage) {
        return Math.max(1, (items + perPage - 1) / perPage);
    }

    private static <T> List<T> slice(List<T> items, int page, int pages, int perPage) {
        if (page < 1 || page > pages)
            throw new RegistryException(OciError.PAGINATION_NUMBER_INVALID, "no such page: there are " + pages);
        return items.subList((page - 1) * perPage, Math.min(items.size(), page * perPage));
    }
}
