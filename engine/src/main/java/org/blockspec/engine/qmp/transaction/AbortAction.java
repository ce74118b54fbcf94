package org.blockspec.engine.qmp.transaction;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.Transaction;
import org.blockspec.engine.spi.BlockException;

/** The {@code abort} action: fails the transaction on purpose, undoing the actions before it. */
public record AbortAction() implements TransactionAction {
    @Override public void prepare(Engine engine, Transaction tran) throws BlockException {
        throw new BlockException("Transaction aborted using Abort action");
    }
}
