package org.blockspec.dsl.compile;

import org.blockspec.dsl.model.SourcePos;

/** Where a step is written, the process it runs in, and its text as reports show it. */
public record Origin(SourcePos pos, String process, String text) {
}
