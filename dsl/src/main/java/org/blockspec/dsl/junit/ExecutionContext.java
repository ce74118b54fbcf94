package org.blockspec.dsl.junit;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;
import org.junit.platform.engine.support.hierarchical.Node.SkipResult;

import org.blockspec.dsl.exec.ExecutionListener;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * What every scenario of one run shares: the drivers (immutable, found once), where reports
 * go, the HTML report being collected (null when none was asked for), and whether a failure
 * stops the rest.
 */
record ExecutionContext(DriverRegistry drivers, Path reportDir, boolean failFast, AtomicBoolean failed, SiteReport site)
        implements EngineExecutionContext {
    /** The name results carry for scenarios run on this engine's embedded backend. */
    static final String BACKEND = "embedded";

    /** Skip the rest once something failed under {@code --fail-fast}. */
    SkipResult skipAfterFailure() {
        return failFast && failed.get() ? SkipResult.skip("an earlier scenario failed (--fail-fast)")
                : SkipResult.doNotSkip();
    }

    /** A recorder for one scenario's executor, or none. */
    ExecutionListener recorder(String feature) {
        return site == null ? ExecutionListener.NONE : site.collector().recorder(feature, BACKEND);
    }
}
