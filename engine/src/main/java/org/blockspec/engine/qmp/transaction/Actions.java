package org.blockspec.engine.qmp.transaction;

import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.Drains;
import org.blockspec.engine.graph.GraphChange;
import org.blockspec.engine.spi.BlockException;

/** Runs transaction actions all or nothing (QEMU's qmp_transaction). */
public final class Actions {
    private Actions() {
    }

    /** Everything is drained first (jobs pause and go on), as QEMU's bdrv_drain_all does. */
    public static void run(Engine engine, List<TransactionAction> actions) throws BlockException {
        Drains.all(engine.graph());
        try {
            GraphChange.apply(engine.graph(), tran -> {
                for (TransactionAction a : actions) a.prepare(engine, tran);
                return null;
            });
            for (TransactionAction a : actions) a.finish(engine);
        } finally {
            for (TransactionAction a : actions) a.clean(engine);
        }
    }
}
