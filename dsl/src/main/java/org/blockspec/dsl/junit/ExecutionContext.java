package org.blockspec.dsl.junit;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;
import org.junit.platform.engine.support.hierarchical.Node.SkipResult;

import org.blockspec.engine.graph.DriverRegistry;

/**
 * What every scenario of one run shares: the drivers (immutable, found once), where reports
 * go, and whether a failure stops the rest.
 */
record ExecutionContext(DriverRegistry drivers, Path reportDir, boolean failFast, AtomicBoolean failed)
        implements EngineExecutionContext {
    /** Skip the rest once something failed under {@code --fail-fast}. */
    SkipResult skipAfterFailure() {
        return failFast && failed.get() ? SkipResult.skip("an earlier scenario failed (--fail-fast)")
                : SkipResult.doNotSkip();
    }
}
