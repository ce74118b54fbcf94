package org.blockspec.engine.spi;

/**
 * Input of a driver's child-permission rule (QEMU's bdrv_child_perm): which child, in which
 * role, what the node's own parents take and share in total, and whether the node will be
 * writable once the change under way is done. Stable SPI.
 */
public record ChildPermRequest(String childName, ChildRole role, Perms parents, boolean nodeWritable) {
}
