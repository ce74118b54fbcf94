package org.blockspec.engine.spi;

/**
 * The four permissions of QEMU 7.2 (GRAPH_MOD was removed in 6.2). Stable SPI.
 *
 * <p>Each permission has a bit, the hyphenated name used in QMP enums and the spaced
 * name used in error messages; both spellings are part of QEMU's observable behaviour.
 */
public enum Perm {
    CONSISTENT_READ(0x1, "consistent-read", "consistent read"),
    WRITE(0x2, "write", "write"),
    WRITE_UNCHANGED(0x4, "write-unchanged", "write unchanged"),
    RESIZE(0x8, "resize", "resize");

    private final int bit;
    private final String qmpName;
    private final String messageName;

    Perm(int bit, String qmpName, String messageName) {
        this.bit = bit;
        this.qmpName = qmpName;
        this.messageName = messageName;
    }

    public int bit() { return bit; }

    /** Bit index (0..3): the offset of this permission's lock byte above 100 and 200. */
    public int index() { return Integer.numberOfTrailingZeros(bit); }

    public String qmpName() { return qmpName; }

    public String messageName() { return messageName; }

    public static Perm fromQmpName(String name) {
        for (Perm p : values()) {
            if (p.qmpName.equals(name)) return p;
        }
        return null;
    }
}
