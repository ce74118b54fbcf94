package org.blockspec.engine.job;

import org.blockspec.engine.spi.Errno;

/**
 * What a job's step asks for next (the points where QEMU's job coroutine yields). Every
 * step starts at a pause point, so a paused job stops between steps.
 */
public sealed interface Next {
    /**
     * Go on at once. With {@code pausePoint} false the next step is part of the same piece of
     * work (the copy operations of one mirror iteration, which QEMU issues together), so a
     * pause waits until that work is done.
     */
    record Continue(boolean pausePoint) implements Next {
    }

    /** QEMU's job_sleep_ns: wait this long on the engine's clock, or until woken. */
    record Sleep(long nanos) implements Next {
    }

    /** QEMU's job_yield: wait until woken (a complete, a cancel, new work). */
    record Yield() implements Next {
    }

    /**
     * The run is over: successfully ({@code error} null), or with an errno and the error's
     * text (null: the errno's own text, as QEMU's strerror gives it).
     */
    record Done(Errno error, String message) implements Next {
    }

    Next CONTINUE = new Continue(true);
    Next CONTINUE_WITHOUT_PAUSE = new Continue(false);
    Next YIELD = new Yield();

    static Next sleep(long nanos) { return new Sleep(nanos); }

    static Next done() { return new Done(null, null); }

    static Next failed(Errno error, String message) { return new Done(error, message); }
}
