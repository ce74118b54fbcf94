package org.blockspec.dsl.differential;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Finds real QEMU 7.2 tools; tests that compare with them skip, with the reason, where QEMU is absent. */
public final class QemuTools {
    private QemuTools() {
    }

    /** Skips the calling test when {@code binary} is missing, or fails it when CI requires QEMU. */
    public static void require(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) return;
        }
        String why = binary + " (QEMU 7.2) is not installed; this test compares blockspec with it. "
                + "Install qemu-utils and qemu-system-x86 (Debian 12), or run .ci/run.";
        if ("1".equals(System.getenv("BLOCKSPEC_REQUIRE_QEMU"))) fail(why);
        Assumptions.abort(why);
    }
}
