package org.blockspec.dsl.compile;

import java.util.List;

/** A scenario file that cannot run: every error found in it, ready to print. */
public final class CompileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;
    private final String rendered;

    public CompileException(List<Diagnostic> diagnostics, List<String> lines) {
        super(diagnostics.size() + (diagnostics.size() == 1 ? " error" : " errors"), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) sb.append(d.render(lines));
        this.rendered = sb.toString();
    }

    public List<Diagnostic> diagnostics() { return diagnostics; }

    /** All errors, each with its line, caret and hint. */
    public String rendered() { return rendered; }
}
