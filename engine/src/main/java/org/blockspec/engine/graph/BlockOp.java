package org.blockspec.engine.graph;

/**
 * Operations a node can be blocked for (QEMU's BlockOpType), each checked by the command that
 * performs it: a backing image refuses deletion but not being committed into, a block job's
 * nodes refuse almost everything.
 */
public enum BlockOp {
    BACKUP_SOURCE, BACKUP_TARGET, CHANGE, COMMIT_SOURCE, COMMIT_TARGET, DATAPLANE, DRIVE_DEL, EJECT,
    EXTERNAL_SNAPSHOT, INTERNAL_SNAPSHOT, INTERNAL_SNAPSHOT_DELETE, MIRROR_SOURCE, MIRROR_TARGET, RESIZE, STREAM,
    REPLACE
}
