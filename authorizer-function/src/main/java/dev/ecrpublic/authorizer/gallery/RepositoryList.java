package dev.ecrpublic.authorizer.gallery;

import java.util.List;

/** One page of the public repositories whose names contain {@code query} (empty: all). Pages count from 1. */
record RepositoryList(List<String> names, String query, int page, int pages, int total) {
    RepositoryList {
        names = List.copyOf(names);
    }
}
