package org.blockspec.engine.qmp.hmp;

import java.util.List;

/** An HMP command line the monitor refuses: the lines it prints instead of running it. */
final class HmpFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines;

    HmpFailure(List<String> lines) {
        super(String.join("\n", lines), null, false, false);
        this.lines = List.copyOf(lines);
    }

    List<String> lines() { return lines; }
}
