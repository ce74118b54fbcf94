package org.blockspec.dsl.compile;

import java.util.List;

import org.blockspec.dsl.model.SourcePos;

/** One error in a scenario file: where, what, and (when we can tell) what was probably meant. */
public record Diagnostic(SourcePos pos, String message, String hint) {
    /**
     * {@code file:line:column: error: message}, the offending line, a caret under the text,
     * and the hint.
     */
    public String render(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append(pos).append(": error: ").append(message).append('\n');
        if (pos.line() >= 1 && pos.line() <= lines.size()) {
            String line = lines.get(pos.line() - 1).replace('\t', ' ');
            sb.append("    ").append(line).append('\n');
            int col = Math.max(1, pos.column());
            int len = Math.max(1, Math.min(pos.length(), Math.max(1, line.length() - col + 1)));
            sb.append("    ").append(" ".repeat(col - 1)).append('^').append("~".repeat(len - 1)).append('\n');
        }
        if (hint != null) sb.append("  hint: ").append(hint).append('\n');
        return sb.toString();
    }
}
