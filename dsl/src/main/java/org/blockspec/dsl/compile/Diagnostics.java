package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.blockspec.dsl.model.SourcePos;

/** The errors found in one file so far; the same error found in several variants counts once. */
public final class Diagnostics {
    private final Set<Diagnostic> found = new LinkedHashSet<>();

    public void error(SourcePos pos, String message, String hint) {
        found.add(new Diagnostic(pos, message, hint));
    }

    public boolean isEmpty() { return found.isEmpty(); }

    public int size() { return found.size(); }

    public List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(found);
        out.sort((a, b) -> a.pos().line() != b.pos().line() ? Integer.compare(a.pos().line(), b.pos().line())
                : Integer.compare(a.pos().column(), b.pos().column()));
        return out;
    }
}
