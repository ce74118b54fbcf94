package org.blockspec.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.blockspec.engine.Engine;
import org.blockspec.nbd.Nbd;
import org.blockspec.nbd.NbdChannel;
import org.blockspec.nbd.NbdDecoder;
import org.blockspec.nbd.NbdRequest;

/**
 * One NBD client, on its own thread: the handshake, then requests decoded from a growing
 * receive buffer and handled one at a time until the client leaves, misbehaves beyond
 * repair, or the export shuts down. Holds a reference on its export while transmitting.
 */
final class NbdConnection implements Runnable {
    private static final int INITIAL_BUFFER = 1 << 16;

    private final NbdServer server;
    private final Engine engine;
    private final SocketChannel socket;
    private final NbdChannel ch;
    private volatile boolean dropped;

    NbdConnection(NbdServer server, Engine engine, SocketChannel socket) {
        this.server = server;
        this.engine = engine;
        this.socket = socket;
        this.ch = new NbdChannel(socket);
    }

    @Override
    public void run() {
        NbdNegotiation.Outcome o = null;
        NbdExport[] attached = new NbdExport[1];
        try {
            o = new NbdNegotiation(ch, server::export, server::exports, e -> {
                if (!server.attach(e, this)) return false;
                attached[0] = e;
                return true;
            }).run();
        } catch (IOException | RuntimeException e) {
            log("option negotiation failed: " + e.getMessage());
        }
        try {
            if (o != null && attached[0] != null) transmit(o);
        } catch (IOException | RuntimeException e) {
            log("Disconnect client, due to: " + e.getMessage());
        } finally {
            if (attached[0] != null) server.detach(attached[0], this);
            close();
            server.closed(this);
        }
    }

    /** QEMU logs why it dropped a client, unless the server itself dropped it. */
    private void log(String message) {
        if (!dropped) engine.stderr().println("blockspec: " + message);
    }

    private void transmit(NbdNegotiation.Outcome o) throws IOException {
        NbdExport e = o.export();
        NbdDecoder decoder = new NbdDecoder(new NbdDecoder.Limits(e.size(), e.readOnly(), o.structured(), o.metaContext()));
        NbdRequestHandler handler = new NbdRequestHandler(ch, engine.loop(), e, o.structured());
        ByteBuffer buf = ByteBuffer.allocateDirect(INITIAL_BUFFER).flip();
        while (true) {
            int need = NbdDecoder.frameLength(buf);
            if (buf.remaining() < need) {
                buf = fill(buf, need);
                if (buf == null) return;
                continue;
            }
            NbdRequest r = decoder.decode(buf);
            if (!handler.handle(r)) {
                if (r instanceof NbdRequest.Rejected rej) log("Disconnect client, due to: " + rej.message());
                return;
            }
        }
    }

    /** Reads until {@code need} bytes are buffered; null when the client left between requests. */
    private ByteBuffer fill(ByteBuffer buf, int need) throws IOException {
        if (buf.capacity() < need) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(need, Math.min(buf.capacity() * 2, Nbd.MAX_BUFFER_SIZE + Nbd.REQUEST_SIZE)));
            bigger.put(buf);
            buf = bigger;
        } else {
            buf.compact();
        }
        int n = ch.readSome(buf);
        buf.flip();
        if (n < 0) {
            if (buf.hasRemaining()) throw new IOException("Unexpected end-of-file before all bytes were read");
            return null;
        }
        return buf;
    }

    /** Drops the client (export deleted, server stopped): its thread ends on the closed socket. */
    void drop() {
        dropped = true;
        close();
    }

    private void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
