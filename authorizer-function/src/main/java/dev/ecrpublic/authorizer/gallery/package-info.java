/**
 * The gallery: an HTML page (and its JSON twin) at {@code /v2/_gallery} listing the repositories anonymous callers may
 * pull, each with its tags, platforms, sizes and pull commands. It runs as its own function with its own read-only
 * role, so the pull path's permissions stay as they are.
 */
package dev.ecrpublic.authorizer.gallery;
