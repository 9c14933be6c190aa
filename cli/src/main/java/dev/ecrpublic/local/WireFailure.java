package dev.ecrpublic.local;

/**
 * A failure below the protocol, as networks and overloaded services produce them: the emulator answers with a body
 * that is not the JSON it promised, or drops the connection without answering.
 */
final class WireFailure extends RuntimeException {
    enum Kind { MALFORMED_BODY, CONNECTION_RESET }

    final Kind kind;

    WireFailure(Kind kind) {
        super(kind.name(), null, false, false);
        this.kind = kind;
    }
}
