package org.blockspec.dsl.cli;

/**
 * What qemu-img and qemu-io print (on standard error) when they open an image read-write
 * whose format was probed as raw.
 */
public final class ProbedRaw {
    private ProbedRaw() {
    }

    public static String warning(String filename) {
        return "WARNING: Image format was not specified for '" + filename + "' and probing guessed raw.\n"
                + "         Automatically detecting the format is dangerous for raw images, write operations on "
                + "block 0 will be restricted.\n"
                + "         Specify the 'raw' format explicitly to remove the restrictions.";
    }
}
