package org.blockspec.engine.graph;

/**
 * Anything that holds child edges to nodes: another node, a BlockBackend (device or export
 * root), a block job. The description is the one QEMU uses in permission errors.
 */
public sealed interface Parent permits BlockNode, BlockBackend, JobParent {
    /** E.g. {@code node 'q0'}, {@code an unnamed block device}, {@code block device 'vda'}. */
    String conflictDescription();
}
