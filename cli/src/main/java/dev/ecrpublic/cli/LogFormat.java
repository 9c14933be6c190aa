package dev.ecrpublic.cli;

import java.io.Console;

/** {@code serve --log-format}: how the request log lines reach the terminal. */
enum LogFormat {
    text, json;

    /** Text for a person at a terminal; the functions' own JSON lines wherever stdout goes to a file or a program. */
    static LogFormat forStdout() {
        Console console = System.console();
        if (console == null) return json;
        try {
            // Console.isTerminal() is Java 22's; before it, a console exists only when stdin and stdout are terminals.
            return (boolean) Console.class.getMethod("isTerminal").invoke(console) ? text : json;
        } catch (ReflectiveOperationException e) {
            return text;
        }
    }
}
