package org.blockspec.engine.spi;

/**
 * A driver's part of a permission change on its node, prepared while the engine checks the
 * whole graph and then either committed or aborted (QEMU's check_perm / set_perm /
 * abort_perm_update). The file driver uses it for image locks. Stable SPI.
 */
public interface PermissionUpdate {
    PermissionUpdate NONE = new PermissionUpdate() {
        @Override public void commit() { }

        @Override public void abort() { }
    };

    /** Make the prepared state final. Must not fail. */
    void commit();

    /** Restore exactly the state before prepare. Must not fail. */
    void abort();
}
