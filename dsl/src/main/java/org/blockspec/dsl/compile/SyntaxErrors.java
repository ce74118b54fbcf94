package org.blockspec.dsl.compile;

import java.nio.file.Path;

import java.util.List;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

import org.blockspec.dsl.model.SourcePos;

/** ANTLR's syntax errors, reworded for people and kept with their position. */
final class SyntaxErrors extends BaseErrorListener {
    private final Path file;
    private final Diagnostics diagnostics;
    private final int lineOffset;
    private final int columnOffset;

    SyntaxErrors(Path file, Diagnostics diagnostics) {
        this(file, diagnostics, 0, 0);
    }

    /** For text cut out of a larger file (see {@link SourceText}). */
    SyntaxErrors(Path file, Diagnostics diagnostics, int lineOffset, int columnOffset) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.lineOffset = lineOffset;
        this.columnOffset = columnOffset;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col, String msg,
                            RecognitionException e) {
        int length = 1;
        String found = null;
        if (offending instanceof Token t) {
            if (t.getType() != Token.EOF) {
                length = Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
                found = t.getText();
            }
        }
        String message;
        String hint = null;
        String context = null;
        if (recognizer instanceof Parser p && offending instanceof Token t) {
            Token before = t.getTokenIndex() > 0 ? p.getInputStream().get(t.getTokenIndex() - 1) : null;
            context = ruleHint(p.getRuleInvocationStack(), before != null && before.getText().equals("->") ? "->" : found);
        }
        if (found == null && msg.contains("<EOF>")) {
            message = "unexpected end of file";
            hint = "a '{' is not closed, or a scenario is missing";
        } else if (found != null && found.matches("\\r?\\n")) {
            message = "unexpected end of line";
            hint = simplify(msg);
        } else if (msg.startsWith("token recognition error")) {
            message = "unexpected character " + msg.substring(msg.indexOf('\''));
        } else {
            message = "unexpected '" + (found == null ? "?" : found) + "'";
            hint = simplify(msg);
        }
        if (hint == null) hint = context;
        diagnostics.error(new SourcePos(file, line + lineOffset, col + 1 + columnOffset, length), message, hint);
    }

    /** What may come where the parser was, from the innermost rule that says something useful. */
    private static String ruleHint(List<String> stack, String found) {
        if (found != null && found.equals("->")) {
            return "'-> return JSON' or '-> error [CLASS] \"text\"' follows a qmp step";
        }
        for (String rule : stack) {
            String h = switch (rule) {
                case "pair", "object" -> "a JSON object: { \"member\": value, ... }";
                case "array" -> "a JSON array: [ value, ... ]";
                case "permSet" -> "a permission set: {consistent-read, write, write-unchanged, resize}";
                case "graphLine" -> "graph lines are 'node: driver', 'a/child = b' or 'parent -> child'";
                case "option", "nested" -> "options are key=value, children key={ driver key=value ... }";
                case "variants", "variant" -> "variants: with NAME in [value, value], NAME in [...]";
                case "step", "block" -> "a step: image, node, device, delete, qmp, io, process, expect ...";
                case "scenario" -> "scenario \"title\" @tags { steps }";
                case "file" -> "a file holds: feature \"title\", background { }, scenario \"title\" { }";
                default -> null;
            };
            if (h != null) return "expected " + h;
        }
        return null;
    }

    /** "expecting {'node', 'device', ...}" becomes a short list of what may come here. */
    private static String simplify(String msg) {
        int i = msg.indexOf("expecting ");
        if (i < 0) return null;
        String expected = msg.substring(i + "expecting ".length()).replace("'\\n'", "end of line")
                .replace("NL", "end of line").replace("WORD", "a word").replace("STRING", "a \"string\"")
                .replace("TAG", "@tag").replace("VAR", "$parameter").replace("<EOF>", "end of file");
        if (expected.length() > 160 || expected.contains("'feature'")) return null; // the long keyword list is noise
        if (expected.startsWith("{") && expected.endsWith("}")) {
            String[] items = expected.substring(1, expected.length() - 1).split(", ");
            expected = items.length == 1 ? items[0]
                    : String.join(", ", java.util.Arrays.copyOf(items, items.length - 1)) + " or " + items[items.length - 1];
        }
        return "expected " + expected;
    }
}
