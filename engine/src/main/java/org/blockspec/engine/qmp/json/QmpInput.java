package org.blockspec.engine.qmp.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * QMP input as QEMU reads it: bytes in any chunks become JSON values or QEMU's parse errors
 * ({@code JSON parse error, ...}, the streamer's limits), one per message, in order. Lexer,
 * message splitting and parser each follow QEMU's, error recovery included, so malformed
 * input gets the same replies, and as many of them, as from QEMU.
 */
public final class QmpInput {
    private final Lexer lexer;
    private final MessageSplitter splitter;

    public QmpInput(Consumer<JsonNode> values, Consumer<String> errors) {
        this.splitter = new MessageSplitter(tokens -> {
            JsonNode v;
            try {
                v = TokenParser.parse(tokens);
            } catch (TokenParser.Failure f) {
                errors.accept("JSON parse error, " + f.getMessage());
                return;
            }
            values.accept(v);
        }, errors);
        this.lexer = new Lexer(splitter::token);
    }

    public void feed(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) lexer.feed(data[i]);
    }

    public void feed(CharSequence text) {
        byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
        feed(b, 0, b.length);
    }

    /** End of input: a token in progress ends (a trailing word is still judged); an unfinished message is dropped. */
    public void finish() {
        lexer.flush();
        splitter.finish();
    }

    /** One value or parse error for each message of a complete text. */
    public sealed interface Result {
        record Value(JsonNode json) implements Result {
        }

        record Error(String desc) implements Result {
        }
    }

    public static List<Result> parseAll(String text) {
        List<Result> out = new ArrayList<>();
        QmpInput in = new QmpInput(v -> out.add(new Result.Value(v)), e -> out.add(new Result.Error(e)));
        in.feed(text);
        in.finish();
        return out;
    }
}
