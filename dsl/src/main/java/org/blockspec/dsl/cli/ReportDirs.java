package org.blockspec.dsl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks before a run that a report directory can be written, so the run can say so up front. */
final class ReportDirs {
    private ReportDirs() {
    }

    /** @return null when {@code dir} can be created and written, else why not */
    static String problem(Path dir) {
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) return "exists and is not a directory";
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return "no such file system";
        if (!Files.isDirectory(existing)) return existing + " is not a directory";
        if (!Files.isWritable(existing)) return existing + ": Permission denied";
        if (Files.exists(abs)) {
            try {
                Path probe = Files.createTempFile(abs, ".blockspec-write-check", "");
                Files.delete(probe);
            } catch (IOException e) {
                return "cannot write there (" + e.getMessage() + ")";
            }
        }
        return null;
    }
}
