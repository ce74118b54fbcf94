package org.blockspec.dsl.junit;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every scenario of one run shares: where reports go, and whether a failure stops the rest. */
record ExecutionContext(Path reportDir, boolean failFast, AtomicBoolean failed) implements EngineExecutionContext {
}
