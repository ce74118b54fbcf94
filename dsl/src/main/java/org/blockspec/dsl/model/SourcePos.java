package org.blockspec.dsl.model;

import java.nio.file.Path;

/** Where something is in a scenario file: 1-based line, 1-based column, and its length. */
public record SourcePos(Path file, int line, int column, int length) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
