package dev.ecrpublic.local.awsjson;

/**
 * A failure below the protocol, as networks and overloaded services produce them: the emulator answers too late, with
 * a body that is not the JSON it promised, or drops the connection without answering.
 */
public final class WireFailure extends RuntimeException {
    public enum Kind {
        /** The right answer, but only after longer than the functions' clients wait (5 s between bytes). */
        SLOW,
        /** A 200 whose JSON body is cut short. */
        MALFORMED_BODY,
        /** The connection dropped without an answer. */
        CONNECTION_RESET
    }

    final Kind kind;

    WireFailure(Kind kind) {
        super(kind.name(), null, false, false);
        this.kind = kind;
    }
}
