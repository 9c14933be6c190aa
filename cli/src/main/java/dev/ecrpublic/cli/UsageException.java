package dev.ecrpublic.cli;

/** A command line that can't be run as written. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
