package dev.ecrpublic.registry;

/**
 * Every error a client can see, declared once with its wire code, HTTP status and message (as distribution's errcode
 * does). Constant names are ours; several may share one wire code with different statuses.
 */
public enum OciError {
    BLOB_UNKNOWN("BLOB_UNKNOWN", 404, "blob unknown to registry"),
    DIGEST_INVALID("DIGEST_INVALID", 400, "provided digest did not match uploaded content"),
    MANIFEST_UNKNOWN("MANIFEST_UNKNOWN", 404, "manifest unknown"),
    NAME_INVALID("NAME_INVALID", 400, "invalid repository name"),
    NAME_UNKNOWN("NAME_UNKNOWN", 404, "repository name not known to registry"),
    TAG_INVALID("TAG_INVALID", 400, "manifest tag did not match URI"),
    PAGINATION_NUMBER_INVALID("PAGINATION_NUMBER_INVALID", 400, "invalid number of results requested"),
    UNAUTHORIZED("UNAUTHORIZED", 401, "authentication required"),
    DENIED("DENIED", 403, "requested access to the resource is denied"),
    ENDPOINT_UNKNOWN("NOT_FOUND", 404, "no such endpoint in the registry API"),
    METHOD_UNSUPPORTED("UNSUPPORTED", 405, "this registry is read-only: only GET and HEAD are supported"),
    UNSUPPORTED("UNSUPPORTED", 400, "the operation is unsupported"),
    SCOPE_INVALID("UNSUPPORTED", 400, "invalid scope"),
    REQUEST_INVALID("UNSUPPORTED", 400, "invalid token request"),
    TOOMANYREQUESTS("TOOMANYREQUESTS", 429, "too many requests"),
    UPSTREAM_INCONSISTENT("UNKNOWN", 502, "the backing registry returned content that does not match its digest"),
    UNAVAILABLE("UNAVAILABLE", 503, "service unavailable"),
    UNKNOWN("UNKNOWN", 500, "unknown error");

    public final String code;
    public final int status;
    public final String message;

    OciError(String code, int status, String message) {
        this.code = code;
        this.status = status;
        this.message = message;
    }
}
