package org.blockspec.dsl.cli;

/** Colour only when standard output is a terminal (and NO_COLOR is not set). */
final class Terminal {
    private Terminal() {
    }

    static boolean colours() {
        var console = System.console();
        return console != null && console.isTerminal() && System.getenv("NO_COLOR") == null;
    }
}
