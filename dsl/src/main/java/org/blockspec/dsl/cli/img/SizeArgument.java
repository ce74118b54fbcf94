package org.blockspec.dsl.cli.img;

import org.blockspec.engine.qmp.schema.SizeSuffix;

/** Size arguments as qemu-img reads them (cvtnum): a number with an optional k/M/G/T/P/E suffix. */
final class SizeArgument {
    private SizeArgument() {
    }

    /** The size, or -1 when the text is not one. */
    static long parse(String text) {
        try {
            long v = SizeSuffix.parse(text);
            return v < 0 ? -1 : v;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
