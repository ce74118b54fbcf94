package org.blockspec.dsl.model;

import java.util.List;

/**
 * A node as a scenario names it: by node name, by guest device id, by block job id (the job
 * as a user of nodes), or by position from a named one through child names
 * ({@code disk0/file}, {@code top/backing/file}). Generated node names are never used.
 */
public record GraphRef(String root, Kind kind, List<String> path, SourcePos pos) {
    /** What the root names. */
    public enum Kind { NODE, DEVICE, JOB }

    public GraphRef(String root, boolean device, List<String> path, SourcePos pos) {
        this(root, device ? Kind.DEVICE : Kind.NODE, path, pos);
    }

    public boolean device() { return kind == Kind.DEVICE; }

    public boolean job() { return kind == Kind.JOB; }

    @Override
    public String toString() {
        return root + (path.isEmpty() ? "" : "/" + String.join("/", path));
    }
}
