package org.blockspec.dsl.junit;

import org.opentest4j.AssertionFailedError;

/** A scenario that did not behave as written; the message is the whole report, no stack trace needed. */
public final class ScenarioFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    public ScenarioFailure(String report) {
        super(report);
        setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
