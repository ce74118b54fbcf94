package org.blockspec.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ImageLockInspector;

/**
 * The locks on an image as the system shows them: {@code /proc/locks} lines for the file
 * (type and byte range, exact), and the lock inspector's summary in words.
 */
public final class ImageLocks {
    private ImageLocks() {
    }

    /** Every lock on the file, e.g. {@code OFDLCK READ 100-101}, sorted. Empty when none. */
    public static List<String> exact(String file) throws IOException {
        Path p = Path.of(file);
        long dev = (Long) Files.getAttribute(p, "unix:dev");
        long ino = (Long) Files.getAttribute(p, "unix:ino");
        // glibc's major()/minor() of st_dev; /proc/locks prints them in hex.
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        String id = String.format("%02x:%02x:%d", major, minor, ino);
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            // "1: OFDLCK ADVISORY READ -1 fe:00:1234 100 101"; waiters ("1: -> ...") are not locks held.
            if (f.length < 8 || f[1].equals("->") || !f[5].equals(id)) continue;
            out.add(f[1] + " " + f[3] + " " + f[6] + "-" + f[7]);
        }
        out.sort(null);
        return out;
    }

    /** What the inspector says, e.g. {@code holds: consistent read, write; does not share: write}. */
    public static String inWords(String file) {
        try {
            return ImageLockInspector.load(ImageLocks.class.getClassLoader()).inspect(file).describe();
        } catch (BlockException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
