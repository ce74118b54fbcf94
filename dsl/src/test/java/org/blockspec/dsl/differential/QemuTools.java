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
        String pkg = switch (binary) {
            case "nbdkit" -> "nbdkit";
            case "nbdinfo", "nbdcopy" -> "libnbd-bin";
            case "python3" -> "python3";
            default -> "qemu-utils and qemu-system-x86";
        };
        String why = binary + " is not installed; this test runs blockspec against it. "
                + "Install " + pkg + " (Debian 12), or run .ci/run.";
        if ("1".equals(System.getenv("BLOCKSPEC_REQUIRE_QEMU"))) fail(why);
        Assumptions.abort(why);
    }
}
