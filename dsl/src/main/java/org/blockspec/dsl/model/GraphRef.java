package org.blockspec.dsl.model;

import java.util.List;

/**
 * A node as a scenario names it: by node name, by guest device id, or by position from a
 * named node through child names ({@code disk0/file}, {@code top/backing/file}). Generated
 * node names are never used.
 */
public record GraphRef(String root, boolean device, List<String> path, SourcePos pos) {
    @Override
    public String toString() {
        return root + (path.isEmpty() ? "" : "/" + String.join("/", path));
    }
}
