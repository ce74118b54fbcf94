package org.blockspec.drivers.qcow2;

/**
 * Why clusters are freed (QEMU's Qcow2DiscardType). It decides whether a cluster whose
 * refcount drops to zero is also discarded in the file below, as the pass-discard-*
 * options say.
 */
enum FreeReason {
    /** Replaced data clusters: never passed down. */
    NEVER,
    /** Repairs and full discards: always passed down. */
    ALWAYS,
    /** Guest discard and write-zeroes with unmap: pass-discard-request. */
    REQUEST,
    /** Snapshot clusters: pass-discard-snapshot. */
    SNAPSHOT,
    /** Old metadata tables: pass-discard-other. */
    OTHER
}
