package org.blockspec.engine.spi;

/**
 * I/O was attempted through an edge that does not hold the permission it needs. QEMU
 * asserts here; so do we. Seeing this is always an engine or driver bug, never a user error.
 */
public final class PermissionViolation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public PermissionViolation(String message) {
        super(message);
    }
}
