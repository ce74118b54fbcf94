package org.blockspec.engine.spi;

/**
 * A driver's prepared reopen (QEMU's bdrv_reopen_prepare, then commit or abort). Prepare
 * acquires what the new state needs (a descriptor opened read-write, a throttle group) and
 * changes nothing visible; the engine commits after the whole graph passed its permission
 * check, and aborts otherwise. Stable SPI.
 */
public interface Reopen {
    Reopen NOTHING = new Reopen() {
        @Override public void commit() { }

        @Override public void abort() { }
    };

    /** Switch to the new state. Must not fail. */
    void commit();

    /** Release what prepare acquired. Must not fail. */
    void abort();
}
