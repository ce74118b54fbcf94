package org.blockspec.engine.qmp;

import java.util.function.Consumer;

/**
 * Splits a character stream into JSON messages the way QEMU's JSON streamer does: a
 * message ends when every brace and bracket opened in it is closed, so several messages
 * may share a line and one may span lines. Strings may use double or single quotes.
 * Bare words and stray closers are messages too, so the parser can reject them.
 */
public final class QmpJsonStreamer {
    /** A message larger than this is dropped with an error, as QEMU limits tokens too. */
    public static final int MAX_MESSAGE = 64 << 20;
    public static final int MAX_DEPTH = 1024;

    private final Consumer<String> messages;
    private final Consumer<String> errors;
    private final StringBuilder buf = new StringBuilder();
    private int depth;
    private char quote;
    private boolean escape;
    private boolean inWord;
    private boolean overflow;

    /**
     * @param messages receives the text of each complete message
     * @param errors   receives QEMU's parse-error text for input that cannot become a message
     */
    public QmpJsonStreamer(Consumer<String> messages, Consumer<String> errors) {
        this.messages = messages;
        this.errors = errors;
    }

    public void feed(CharSequence chunk) {
        for (int i = 0; i < chunk.length(); i++) feed(chunk.charAt(i));
    }

    private void feed(char c) {
        if (quote != 0) {
            append(c);
            if (escape) escape = false;
            else if (c == '\\') escape = true;
            else if (c == quote) {
                quote = 0;
                if (depth == 0) emit();
            }
            return;
        }
        boolean wordChar = Character.isLetterOrDigit(c) || c == '-' || c == '+' || c == '.' || c == '_';
        if (inWord && !wordChar) {
            inWord = false;
            if (depth == 0) emit();
        }
        switch (c) {
            case '"', '\'' -> {
                quote = c;
                append(c);
            }
            case '{', '[' -> {
                depth++;
                append(c);
                if (depth > MAX_DEPTH) {
                    reset();
                    errors.accept("JSON parse error, nesting too deep");
                }
            }
            case '}', ']' -> {
                depth--;
                append(c);
                if (depth <= 0) emit();
            }
            case ' ', '\t', '\r', '\n' -> {
                if (depth > 0) append(c);
            }
            default -> {
                append(c);
                if (wordChar) inWord = true;
                else if (depth == 0) emit();
            }
        }
    }

    /** Ends the stream: a pending bare word becomes a message, an unfinished object is dropped. */
    public void finish() {
        if (inWord && depth == 0) {
            inWord = false;
            emit();
        }
        reset();
    }

    private void append(char c) {
        if (buf.length() >= MAX_MESSAGE) {
            overflow = true;
            return;
        }
        buf.append(c);
    }

    private void emit() {
        String text = buf.toString();
        boolean tooBig = overflow;
        reset();
        if (tooBig) errors.accept("JSON parse error, message too large");
        else if (!text.isBlank()) messages.accept(text);
    }

    private void reset() {
        buf.setLength(0);
        depth = 0;
        quote = 0;
        escape = false;
        inWord = false;
        overflow = false;
    }
}
