package dev.ecrpublic.authorizer.gallery;

import java.util.List;

/** One page of a public repository's tags, newest first. Pages count from 1. */
record RepositoryView(String name, List<TagRow> tags, int page, int pages, int total) {
    RepositoryView {
        tags = List.copyOf(tags);
    }
}
