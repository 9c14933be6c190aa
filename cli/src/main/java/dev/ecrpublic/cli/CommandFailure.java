package dev.ecrpublic.cli;

/** A command that was written correctly but could not be carried out; its message is the one line the user sees. */
final class CommandFailure extends Exception {
    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
