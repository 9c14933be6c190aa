package dev.ecrpublic.registry;

import java.util.Map;

/**
 * A failure the client is meant to see. {@code detail} is client-safe data only (names, digests, a request id), never
 * upstream messages, which can carry account ids.
 */
public class RegistryException extends RuntimeException {
    private final OciError error;
    private final Map<String, String> detail;

    public RegistryException(OciError error, String message) {
        this(error, message, Map.of());
    }

    public RegistryException(OciError error, String message, Map<String, String> detail) {
        super(message == null ? error.message : message, null, false, false);
        this.error = error;
        this.detail = Map.copyOf(detail);
    }

    public RegistryException(OciError error) {
        this(error, error.message);
    }

    public OciError error() {
        return error;
    }

    public Map<String, String> detail() {
        return detail;
    }
}
