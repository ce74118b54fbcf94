package org.blockspec.engine.qmp.transaction;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.Transaction;
import org.blockspec.engine.spi.BlockException;

/**
 * One action of a QMP {@code transaction} (and the whole of the command of the same name):
 * prepared inside the shared graph transaction, so that any failure undoes every action, and
 * finished once all of them succeeded.
 */
public interface TransactionAction {
    /** Checks and makes the change, recording its undo in {@code tran}. */
    void prepare(Engine engine, Transaction tran) throws BlockException;

    /** After the whole transaction committed; must not fail. */
    default void finish(Engine engine) {
    }

    /** After the transaction, whether it committed or not (QEMU's .clean): ends what prepare began. */
    default void clean(Engine engine) {
    }
}
