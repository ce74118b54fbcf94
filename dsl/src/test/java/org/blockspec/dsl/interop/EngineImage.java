package org.blockspec.dsl.interop;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.ImageCreator;
import org.blockspec.engine.image.ImageNodes;
import org.blockspec.engine.io.NodeIo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CheckMode;
import org.blockspec.engine.spi.CheckResult;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * An image opened on an embedded engine, for tests that compare what blockspec writes and
 * reads with what QEMU's tools do: the same code paths as {@code blockspec img} and
 * {@code blockspec io}, without a process per call.
 */
final class EngineImage implements AutoCloseable {
    private final Engine engine;
    private final BlockBackend backend;

    private EngineImage(Engine engine, BlockBackend backend) {
        this.engine = engine;
        this.backend = backend;
    }

    /** blockspec img create, in-process (size -1: from the backing file). */
    static void create(Path file, String format, long size, String options, String backing, String backingFormat)
            throws BlockException {
        try (Engine e = Engine.builder().stdout(new PrintStream(PrintStream.nullOutputStream())).build()) {
            BlockException failure = e.loop().call(() -> {
                try {
                    ImageCreator.create(e, new ImageCreator.Request(file.toString(), format, size, options, backing,
                            backingFormat, false, true), e.stdout());
                    return null;
                } catch (BlockException x) {
                    return x;
                }
            });
            if (failure != null) throw failure;
        }
    }

    static EngineImage open(Path file, String format, boolean writable) throws BlockException {
        return open(file, format, writable, System.err);
    }

    /** With what the engine prints on standard error going to {@code stderr}. */
    static EngineImage open(Path file, String format, boolean writable, PrintStream stderr) throws BlockException {
        Engine e = Engine.builder().stderr(stderr).build();
        BlockException failure = null;
        BlockBackend b = null;
        try {
            b = e.loop().call(() -> {
                BlockBackend bb = ImageNodes.backend(e,
                        ImageNodes.open(e, ImageRequest.of(null, file.toString(), format, !writable)),
                        new Perms(writable ? PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE, Perm.RESIZE)
                                : PermSet.of(Perm.CONSISTENT_READ), PermSet.ALL));
                return bb;
            });
        } catch (IllegalStateException x) {
            if (x.getCause() instanceof BlockException be) failure = be;
            else throw x;
        }
        if (failure != null) {
            e.close();
            throw failure;
        }
        return new EngineImage(e, b);
    }

    long length() {
        return engine.loop().call(() -> NodeIo.length(backend.node()));
    }

    void write(long offset, byte[] data) {
        check(engine.loop().call(() -> backend.root().write(offset, ByteBuffer.wrap(data))), "write", offset);
    }

    void writeZeroes(long offset, long length, boolean unmap) {
        check(engine.loop().call(() -> backend.root().writeZeroes(offset, length, ReqFlags.NONE.withMayUnmap(unmap))),
                "write zeroes", offset);
    }

    void discard(long offset, long length) {
        check(engine.loop().call(() -> backend.root().discard(offset, length)), "discard", offset);
    }

    void writeCompressed(long offset, byte[] data) {
        check(engine.loop().call(() -> backend.root().writeCompressed(offset, ByteBuffer.wrap(data))), "compressed write",
                offset);
    }

    byte[] read(long offset, int length) {
        byte[] buf = new byte[length];
        check(engine.loop().call(() -> backend.root().read(offset, ByteBuffer.wrap(buf))), "read", offset);
        return buf;
    }

    CheckResult check(CheckMode mode) throws BlockException {
        BlockException[] failure = new BlockException[1];
        CheckResult r = engine.loop().call(() -> {
            try {
                return backend.node().driver().check(mode, line -> { });
            } catch (BlockException x) {
                failure[0] = x;
                return null;
            }
        });
        if (failure[0] != null) throw failure[0];
        return r;
    }

    private static void check(IoResult r, String what, long offset) {
        if (!r.ok()) throw new AssertionError(what + " at " + offset + " failed: " + r.error().text());
    }

    @Override
    public void close() {
        engine.close();
    }
}
