package org.blockspec.engine.graph;

import java.nio.ByteBuffer;

import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Guessing an image's format from its first bytes (QEMU's find_image_format): every format
 * driver rates the first 2 KiB, the highest rating wins, and an empty file is raw.
 */
final class FormatProbe {
    static final int PROBE_BYTES = 2048;

    private FormatProbe() {
    }

    static String probe(DriverRegistry drivers, BlockNode file, String filename) throws BlockException {
        if (NodeIo.length(file) == 0) return "raw";
        ByteBuffer head = ByteBuffer.allocate(PROBE_BYTES);
        IoResult r = NodeIo.read(file, 0, head.duplicate(), ReqFlags.NONE);
        if (!r.ok()) throw new BlockException("Could not read image for determining its format: " + r.error().text());
        String best = "raw";
        int bestScore = 0;
        for (BlockDriverFactory f : drivers.all()) {
            if (f.kind() != DriverKind.FORMAT) continue;
            int score = f.probe(head.duplicate(), filename);
            if (score > bestScore) {
                bestScore = score;
                best = f.name();
            }
        }
        return best;
    }
}
