package org.blockspec.engine.qmp.json;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * QEMU's JSON streamer: collects tokens until braces and brackets balance (or a closer has
 * no opener), then hands the message's tokens to the parser. A lexical error, or a message
 * beyond QEMU's limits, is reported at once and drops the tokens collected so far.
 */
final class MessageSplitter {
    static final long MAX_TOKEN_SIZE = 64L << 20;
    static final int MAX_TOKEN_COUNT = 2 << 20;
    static final int MAX_NESTING = 1 << 10;

    private final Consumer<List<Token>> messages;
    private final Consumer<String> errors;
    private final List<Token> tokens = new ArrayList<>();
    private int braces;
    private int brackets;
    private long size;

    MessageSplitter(Consumer<List<Token>> messages, Consumer<String> errors) {
        this.messages = messages;
        this.errors = errors;
    }

    void token(TokenType type, byte[] bytes) {
        switch (type) {
            case LCURLY -> braces++;
            case RCURLY -> braces--;
            case LSQUARE -> brackets++;
            case RSQUARE -> brackets--;
            case ERROR -> {
                fail("JSON parse error, stray '" + new Token(type, bytes).text() + "'");
                return;
            }
            default -> {
            }
        }
        if (size + bytes.length + 1 > MAX_TOKEN_SIZE) {
            fail("JSON token size limit exceeded");
            return;
        }
        if (tokens.size() + 1 > MAX_TOKEN_COUNT) {
            fail("JSON token count limit exceeded");
            return;
        }
        if (braces + brackets > MAX_NESTING) {
            fail("JSON nesting depth limit exceeded");
            return;
        }
        tokens.add(new Token(type, bytes));
        size += bytes.length;
        if ((braces > 0 || brackets > 0) && braces >= 0 && brackets >= 0) return;
        List<Token> message = List.copyOf(tokens);
        reset();
        messages.accept(message);
    }

    /** End of input: an unfinished message is dropped. */
    void finish() {
        reset();
    }

    private void fail(String error) {
        reset();
        errors.accept(error);
    }

    private void reset() {
        tokens.clear();
        braces = 0;
        brackets = 0;
        size = 0;
    }
}
