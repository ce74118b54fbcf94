package org.blockspec.dsl.compile;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import org.blockspec.dsl.model.SourcePos;
import org.blockspec.grammar.ScenarioParser;

/**
 * Turns parse-tree pieces into positions and text, with variant parameters substituted:
 * {@code $name} as a whole word, {@code ${name}} inside strings.
 */
final class SourceText {
    private static final Pattern STRING_VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path file;
    private final Map<String, String> binding;
    private final Diagnostics diagnostics;
    private final int lineOffset;
    private final int columnOffset;

    SourceText(Path file, Map<String, String> binding, Diagnostics diagnostics) {
        this(file, binding, diagnostics, 0, 0);
    }

    /** For text cut out of a larger file: its lines start {@code lineOffset} lines and {@code columnOffset} columns in. */
    SourceText(Path file, Map<String, String> binding, Diagnostics diagnostics, int lineOffset, int columnOffset) {
        this.file = file;
        this.binding = binding;
        this.diagnostics = diagnostics;
        this.lineOffset = lineOffset;
        this.columnOffset = columnOffset;
    }

    Path file() { return file; }

    SourcePos pos(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() != null ? ctx.getStop() : start;
        int length = stop.getLine() == start.getLine() ? stop.getStopIndex() - start.getStartIndex() + 1
                : start.getStopIndex() - start.getStartIndex() + 1;
        return new SourcePos(file, start.getLine() + lineOffset, start.getCharPositionInLine() + 1 + columnOffset,
                Math.max(1, length));
    }

    SourcePos pos(Token t) {
        return new SourcePos(file, t.getLine() + lineOffset, t.getCharPositionInLine() + 1 + columnOffset,
                Math.max(1, t.getStopIndex() - t.getStartIndex() + 1));
    }

    /** A bare word, with a {@code $variable} replaced by its value in this variant. */
    String word(ScenarioParser.WordContext w) {
        String text = w.getText();
        if (w.VAR() == null) return text;
        String value = binding.get(text.substring(1));
        if (value == null) {
            diagnostics.error(pos(w), "unknown parameter '" + text + "'",
                    binding.isEmpty() ? "declare it with: scenario \"...\" with " + text.substring(1) + " in [a, b] {"
                            : DidYouMean.hint(text.substring(1), binding.keySet()));
            return text;
        }
        return value;
    }

    /** A quoted string's content: escapes resolved, {@code ${variable}} replaced. */
    String string(Token t) {
        String raw = t.getText();
        String body = unescape(raw.substring(1, raw.length() - 1));
        Matcher m = STRING_VAR.matcher(body);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = binding.get(m.group(1));
            if (value == null) {
                diagnostics.error(pos(t), "unknown parameter '${" + m.group(1) + "}' in string",
                        DidYouMean.hint(m.group(1), binding.keySet()));
                value = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A quoted string's content with escapes resolved and parameters left as written. */
    static String raw(Token t) {
        String text = t.getText();
        return unescape(text.substring(1, text.length() - 1));
    }

    /** A value: a bare word or a quoted string. */
    String value(ScenarioParser.ValueContext v) {
        return v.STRING() != null ? string(v.STRING().getSymbol()) : word(v.word());
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
