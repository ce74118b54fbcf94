package org.blockspec.engine;

import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.blockspec.engine.spi.Clock;

/**
 * The engine's main loop (QEMU's): one thread on which every control operation, QMP
 * command, deferred action and timer runs, so graph changes never race each other.
 *
 * <p>Timers ({@link #schedule}) are background work such as block job steps, due at a time
 * on the engine's clock. On the real clock they fire by themselves. On a {@link VirtualClock}
 * they are held until someone drives the loop with {@link #runNext}, which moves the clock to
 * the next deadline and runs that timer: nothing happens behind the caller's back, and every
 * timed behaviour is exact and repeatable.
 *
 * <p>Once closed, the loop runs nothing more: the engine released everything it owned
 * when it closed, so work another thread queues afterwards (a client letting go late) has
 * nothing left to act on. {@link #later} then says so by returning false, and {@link #call}
 * throws {@link Stopped}, which callers on other threads treat as "the engine is gone".
 */
public final class EventLoop implements AutoCloseable {
    /** The loop has been closed: the engine it served is gone. */
    public static final class Stopped extends IllegalStateException {
        Stopped(String name) {
            super("the event loop " + name + " has stopped");
        }
    }

    private final ScheduledThreadPoolExecutor executor;
    private final String name;
    private final Clock clock;
    private final VirtualClock virtual;
    /** Held timers of a virtual clock, earliest first, then in the order they were set. */
    private final PriorityQueue<Timer> held = new PriorityQueue<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.sequence, b.sequence));
    private long sequence;
    private volatile Thread thread;
    private volatile java.util.function.Consumer<Throwable> failures = Throwable::printStackTrace;

    public EventLoop(String name) {
        this(name, Clock.REAL);
    }

    public EventLoop(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.virtual = clock instanceof VirtualClock v ? v : null;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Where a timer's failure goes (a bug: timers run engine code that must not throw). */
    public void onFailure(java.util.function.Consumer<Throwable> handler) {
        this.failures = handler;
    }

    private void runTimer(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            failures.accept(e);
        }
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Whether timers wait to be driven ({@link #runNext}) instead of firing by themselves. */
    public boolean driven() {
        return virtual != null;
    }

    /** Runs on the loop and waits; runs inline when already on the loop. */
    public <T> T call(Callable<T> task) {
        if (inLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> f;
        try {
            f = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new Stopped(name);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the event loop", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Queues work to run after the current task (QEMU's bottom half); never held. Returns
     * false, and drops the work, when the loop has been closed.
     */
    public boolean later(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    public boolean stopped() {
        return executor.isShutdown();
    }

    /** A timer that runs {@code task} on the loop at a deadline on the engine's clock (QEMU's QEMUTimer). */
    public Timer timer(Runnable task) {
        return new Timer(task);
    }

    /**
     * Driven loops only, on the loop: runs the earliest held timer if it is due no later than
     * {@code notAfter}, first moving the virtual clock to its deadline. Returns false when no
     * timer is due by then (the clock does not move).
     */
    public boolean runNext(long notAfter) {
        if (virtual == null) throw new IllegalStateException("the real clock's timers run by themselves");
        Timer t = held.peek();
        if (t == null || t.deadline > notAfter) return false;
        held.poll();
        t.armed = false;
        virtual.advanceTo(t.deadline);
        runTimer(t.task);
        return true;
    }

    /**
     * Driven loops only, on the loop: runs every timer due by {@code time}, in order, then
     * moves the clock to {@code time} (time passing with nothing else happening).
     */
    public void runUntilTime(long time) {
        while (runNext(time)) {
            // each runs at its own deadline
        }
        virtual.advanceTo(time);
    }

    /** Driven loops only: the deadline of the earliest held timer, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        Timer t = held.peek();
        return t == null ? Long.MAX_VALUE : t.deadline;
    }

    /** A re-armable timer; every method runs on the loop. */
    public final class Timer {
        private final Runnable task;
        private long deadline;
        private long sequence;
        private boolean armed;
        private ScheduledFuture<?> future;

        private Timer(Runnable task) {
            this.task = task;
        }

        /** (Re)arms the timer for {@code deadline} on the engine's clock; a pending firing is replaced. */
        public void modify(long deadline) {
            cancel();
            this.deadline = deadline;
            this.sequence = EventLoop.this.sequence++;
            armed = true;
            if (virtual != null) {
                held.add(this);
            } else {
                future = executor.schedule(() -> {
                    if (!armed) return;
                    armed = false;
                    runTimer(task);
                }, Math.max(0, deadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }

        /** Arms the timer for now: it runs as soon as the loop (or whoever drives it) gets to it. */
        public void now() {
            modify(clock.nanoTime());
        }

        public void cancel() {
            if (!armed) return;
            armed = false;
            if (virtual != null) held.remove(this);
            else if (future != null) future.cancel(false);
        }

        public boolean pending() { return armed; }

        public long deadline() { return deadline; }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
