package org.blockspec.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The engine's main loop (QEMU's): one thread on which every control operation, QMP
 * command and deferred action runs, so graph changes never race each other.
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

    private final ExecutorService executor;
    private final String name;
    private volatile Thread thread;

    public EventLoop(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
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
     * Queues work to run after the current task (QEMU's bottom half). Returns false, and
     * drops the work, when the loop has been closed.
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
