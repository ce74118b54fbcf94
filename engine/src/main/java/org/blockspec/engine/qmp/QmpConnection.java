package org.blockspec.engine.qmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.blockspec.engine.Engine;

/**
 * One QMP client on a byte stream (a socket, or standard input and output): a fresh monitor
 * with its greeting, input fed as it arrives, and output lines ended by CR LF as QEMU writes
 * them. Output goes through a queue drained by its own thread, so a client that stops reading
 * never stalls the event loop; garbage gets QEMU's error replies, and leaving ends the monitor.
 */
public final class QmpConnection {
    private static final String END = "";

    private final Engine engine;
    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();

    public QmpConnection(Engine engine, InputStream in, OutputStream out) {
        this.engine = engine;
        this.in = in;
        this.out = out;
    }

    /** Serves the client until it leaves or the engine quits; returns when its output is written. */
    public void serve() {
        Thread writer = Thread.ofVirtual().name("qmp-writer").start(this::drain);
        QmpMonitor monitor = engine.monitor(outbox::add);
        try (monitor) {
            monitor.greet();
            byte[] buf = new byte[8192];
            int n;
            while (!engine.quitRequested().isDone() && (n = in.read(buf)) >= 0) {
                monitor.feed(buf, 0, n); // bytes: QEMU's lexer judges the UTF-8 itself
            }
        } catch (IOException e) {
            // the client went away; its monitor goes with it
        } finally {
            outbox.add(END);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.monitorDone(monitor);
        }
    }

    private void drain() {
        try {
            while (true) {
                String line = outbox.take();
                if (line == END) return;
                out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                if (outbox.isEmpty()) out.flush();
            }
        } catch (IOException | InterruptedException e) {
            outbox.clear(); // nobody is listening any more
        }
    }
}
