package org.blockspec.dsl.cli.img;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.ImageNodes;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * One run of an image tool subcommand: an engine of its own (as qemu-img is a process of its
 * own), buffered standard output flushed before anything goes to standard error, and
 * qemu-img's way of opening images and reporting errors. The subcommand's body runs on the
 * engine's loop.
 */
final class ImgSession implements AutoCloseable {
    static final String PROGRAM = "blockspec img";

    /** A subcommand's body; {@link Failure} ends it with a message and an exit status. */
    interface Body {
        int run(ImgSession s) throws Failure, BlockException;
    }

    /** A reported failure: QEMU's message (without the program name) and the exit status. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;

        Failure(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }

        Failure(String message) {
            this(message, 1);
        }
    }

    final PrintStream out;
    final PrintStream err;
    final Engine engine;

    ImgSession() {
        this.out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        this.err = new PrintStream(System.err, true, StandardCharsets.UTF_8) {
            @Override public void println(String x) {
                ImgSession.this.out.flush(); // keep the order qemu-img's stdio gives its two streams
                super.println(x);
            }
        };
        this.engine = Engine.builder().programName(PROGRAM).stdout(out).stderr(err).name("blockspec-img").build();
    }

    static int run(Body body) {
        try (ImgSession s = new ImgSession()) {
            return s.engine.loop().call(() -> {
                try {
                    return body.run(s);
                } catch (Failure f) {
                    if (f.getMessage() != null) s.error(f.getMessage());
                    return f.status;
                } catch (BlockException e) {
                    s.error(e.getMessage());
                    return 1;
                } finally {
                    s.out.flush();
                }
            });
        }
    }

    /**
     * error_report: "blockspec img: " and the first line; what follows (QEMU's hints) is
     * printed as it is, newline or not.
     */
    void error(String message) {
        int nl = message.indexOf('\n');
        err.println(PROGRAM + ": " + (nl < 0 ? message : message.substring(0, nl)));
        if (nl >= 0) {
            err.print(message.substring(nl + 1));
            err.flush();
        }
    }

    /**
     * qemu-img's img_open: the image with a BlockBackend that reads (and writes when
     * {@code writable}); failures read "Could not open 'NAME': REASON".
     */
    BlockBackend open(ImageRequest r, boolean writable) throws Failure {
        BlockNode n;
        try {
            n = ImageNodes.open(engine, r);
        } catch (BlockException e) {
            throw new Failure("Could not open '" + r.filename() + "': " + e.getMessage());
        }
        if (r.format() == null && !r.readOnly() && n.driverName().equals("raw")) {
            err.println(org.blockspec.dsl.cli.ProbedRaw.warning(r.filename()));
        }
        PermSet perm = writable ? PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE) : PermSet.of(Perm.CONSISTENT_READ);
        try {
            return ImageNodes.backend(engine, n, new Perms(perm, PermSet.ALL));
        } catch (BlockException e) {
            closeQuietly(n);
            throw new Failure("Could not open '" + r.filename() + "': " + e.getMessage());
        }
    }

    /** The usual request: read-write or read-only, with -f and -U. */
    static ImageRequest request(String filename, String format, boolean writable, boolean forceShare) {
        return ImageRequest.of(null, filename, format, !writable).withForceShare(forceShare);
    }

    void closeQuietly(BlockNode n) {
        try {
            ImageNodes.close(engine, n);
        } catch (BlockException e) {
            engine.reportBug("closing " + n.name(), e);
        }
    }

    void close(BlockBackend b) throws BlockException {
        ImageNodes.close(engine, b);
    }

    @Override
    public void close() {
        engine.close();
        out.flush();
    }
}
