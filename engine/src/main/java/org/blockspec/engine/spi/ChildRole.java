package org.blockspec.engine.spi;

import java.util.StringJoiner;

/**
 * Role flags of a child edge, as QEMU's BdrvChildRole: they select the default permission
 * rule for the edge and say what the child holds (data, metadata, a COW backing image) and
 * whether the parent merely filters it. Stable SPI.
 */
public record ChildRole(int bits) {
    public static final int DATA = 0x1;
    public static final int METADATA = 0x2;
    public static final int FILTERED = 0x4;
    public static final int COW = 0x8;
    public static final int PRIMARY = 0x10;

    /** qcow2's {@code file} without a data file. */
    public static final ChildRole IMAGE = new ChildRole(DATA | METADATA | PRIMARY);
    /** A filter's (or plain raw's) only child. */
    public static final ChildRole FILTERED_PRIMARY = new ChildRole(FILTERED | PRIMARY);
    /** raw with offset/size: a window into the child's data. */
    public static final ChildRole DATA_PRIMARY = new ChildRole(DATA | PRIMARY);
    /** qcow2's {@code file} when a separate data file holds the guest data. */
    public static final ChildRole METADATA_PRIMARY = new ChildRole(METADATA | PRIMARY);
    /** A backing image. */
    public static final ChildRole BACKING = new ChildRole(COW);
    /** A data-only child (quorum children, qcow2 data-file). */
    public static final ChildRole DATA_ONLY = new ChildRole(DATA);
    /** No role: a root user that is not a node (a block job's edges). */
    public static final ChildRole NONE = new ChildRole(0);

    public boolean has(int flag) { return (bits & flag) != 0; }

    public boolean isFiltered() { return has(FILTERED); }

    public boolean isCow() { return has(COW); }

    public boolean isPrimary() { return has(PRIMARY); }

    public boolean isStorage() { return has(DATA | METADATA); }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("|");
        if (has(DATA)) j.add("data");
        if (has(METADATA)) j.add("metadata");
        if (has(FILTERED)) j.add("filtered");
        if (has(COW)) j.add("cow");
        if (has(PRIMARY)) j.add("primary");
        return j.toString();
    }
}
