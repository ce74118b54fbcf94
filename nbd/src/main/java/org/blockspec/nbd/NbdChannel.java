package org.blockspec.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;

/** Blocking whole-message reads and writes on a socket, for either end of a connection. */
public final class NbdChannel implements AutoCloseable {
    private final ByteChannel channel;

    public NbdChannel(ByteChannel channel) {
        this.channel = channel;
    }

    /** Reads exactly {@code n} bytes; EOFException names what was being read when the peer left. */
    public ByteBuffer read(int n, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(b, what);
        return b.flip();
    }

    public void readFully(ByteBuffer b, String what) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) throw new EOFException("Unexpected end-of-file before all data were read (" + what + ")");
        }
    }

    /** Fills as much of {@code b} as one read returns; -1 at end of stream. */
    public int readSome(ByteBuffer b) throws IOException {
        return channel.read(b);
    }

    public void write(ByteBuffer... buffers) throws IOException {
        if (channel instanceof GatheringByteChannel g) {
            long total = 0;
            for (ByteBuffer b : buffers) total += b.remaining();
            while (total > 0) total -= g.write(buffers);
            return;
        }
        for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) channel.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
