package org.blockspec.engine.qemuio;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.Graph;
import org.blockspec.engine.image.ImageInfoText;
import org.blockspec.engine.qmp.command.ImageInfo;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.FormatInfo;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Runs qemu-io commands on a BlockBackend and prints what qemu-io prints, minus the timing
 * line, where qemu-io prints it: results and usage on {@code out} (its standard output),
 * command-line complaints on {@code err} (its standard error), and a refused permission
 * through {@code errors} (QEMU's error_report: the monitor under HMP, else standard error).
 */
public final class QemuIo {
    private static final int MAX_REQUEST = Integer.MAX_VALUE - 4095;

    private final Graph graph;
    private final PrintStream out;
    private final PrintStream err;
    private final Consumer<String> errors;
    private final Consumer<String> printf;

    /**
     * @param errors QEMU's error_report: the monitor under HMP, else standard error
     * @param printf QEMU's qemu_printf: the monitor under HMP, else standard output
     */
    public QemuIo(Graph graph, PrintStream out, PrintStream err, Consumer<String> errors, Consumer<String> printf) {
        this.graph = graph;
        this.out = out;
        this.err = err;
        this.errors = errors;
        this.printf = printf;
    }

    /** @return 0 on success, non-zero when the command failed or was refused */
    public int run(BlockBackend blk, String line) {
        QemuIoCommand cmd;
        try {
            cmd = QemuIoCommand.parse(line);
        } catch (QemuIoCommand.Invalid e) {
            if (!e.stderr().isEmpty()) err.println(e.stderr());
            if (!e.stdout().isEmpty()) out.println(e.stdout());
            return 1;
        }
        if (!cmd.needs().isEmpty() && blk.node() != null && !blk.perms().perm().containsAll(cmd.needs())) {
            Perms wanted = blk.perms().withPerm(blk.perms().perm().plus(cmd.needs()));
            try {
                BackendOps.setPerms(graph, blk, wanted);
            } catch (BlockException e) {
                errors.accept(e.getMessage());
                return 1;
            }
        }
        return switch (cmd) {
            case QemuIoCommand.Read r -> read(blk, r);
            case QemuIoCommand.Write w -> write(blk, w);
            case QemuIoCommand.Discard d -> discard(blk, d);
            case QemuIoCommand.Flush f -> report(blk.flush(), "flush", null);
            case QemuIoCommand.Length l -> {
                out.println(sizeToString(blk.length()));
                yield 0;
            }
            case QemuIoCommand.Info i -> info(blk);
        };
    }

    /** Names on standard output; the format-specific dump through qemu_printf, as qemu-io does. */
    private int info(BlockBackend blk) {
        BlockNode n = blk.node();
        if (n == null) return 1;
        out.println("format name: " + n.driverName());
        if (n.factory().opensAsProtocol()) out.println("format name: " + n.driverName()); // its protocol name
        BlockNode answering = ImageInfo.infoNode(n);
        if (answering == null) return 1;
        FormatInfo f = answering.driver().formatInfo();
        out.println("cluster size: " + sizeToString(f == null ? 0 : f.clusterSize()));
        out.println("vm state offset: " + sizeToString(f == null ? 0 : f.vmStateOffset()));
        List<String> specific = ImageInfoText.specific(ImageInfo.of(n, true));
        if (!specific.isEmpty()) {
            out.println("Format specific information:");
            specific.forEach(printf);
        }
        return 0;
    }

    private int read(BlockBackend blk, QemuIoCommand.Read r) {
        if (r.length() > MAX_REQUEST) return tooLong(r.length());
        ByteBuffer buf = ByteBuffer.allocate((int) r.length());
        IoResult res = blk.read(r.offset(), buf);
        if (!res.ok()) return report(res, "read", null);
        int status = 0;
        if (r.pattern() != null) {
            byte[] data = buf.array();
            byte p = (byte) (int) r.pattern();
            for (byte b : data) {
                if (b != p) {
                    out.printf("Pattern verification failed at offset %d, %d bytes%n", r.offset(), r.length());
                    status = 1;
                    break;
                }
            }
        }
        if (r.quiet()) return status;
        if (r.verbose()) dump(buf.array(), r.offset());
        out.printf("read %d/%d bytes at offset %d%n", r.length(), r.length(), r.offset());
        return status;
    }

    private int write(BlockBackend blk, QemuIoCommand.Write w) {
        if (w.length() > MAX_REQUEST && !w.zero()) return tooLong(w.length());
        ReqFlags flags = ReqFlags.NONE.withFua(w.fua()).withMayUnmap(w.unmap());
        IoResult res;
        if (w.zero()) {
            res = blk.writeZeroes(w.offset(), w.length(), flags);
        } else {
            byte[] data = new byte[(int) w.length()];
            Arrays.fill(data, (byte) (w.pattern() != null ? w.pattern() : QemuIoCommand.DEFAULT_WRITE_PATTERN));
            res = w.compressed() ? blk.writeCompressed(w.offset(), ByteBuffer.wrap(data))
                    : blk.write(w.offset(), ByteBuffer.wrap(data), flags);
        }
        if (!res.ok()) return report(res, "write", null);
        if (!w.quiet()) out.printf("wrote %d/%d bytes at offset %d%n", w.length(), w.length(), w.offset());
        return 0;
    }

    private int discard(BlockBackend blk, QemuIoCommand.Discard d) {
        IoResult res = blk.discard(d.offset(), d.length());
        if (!res.ok()) return report(res, "discard", null);
        if (!d.quiet()) out.printf("discard %d/%d bytes at offset %d%n", d.length(), d.length(), d.offset());
        return 0;
    }

    private int report(IoResult res, String op, String ok) {
        if (res.ok()) {
            if (ok != null) out.println(ok);
            return 0;
        }
        out.println(op + " failed: " + res.error().text());
        return 1;
    }

    private int tooLong(long length) {
        out.printf("length cannot exceed %d, cannot read %d%n", MAX_REQUEST, length);
        return 1;
    }

    /** qemu-io's dump_buffer: offset, 16 hex bytes, then the alphanumeric ones. */
    private void dump(byte[] data, long offset) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < data.length; i += 16) {
            sb.setLength(0);
            sb.append(String.format("%08x:  ", offset + i));
            int end = Math.min(data.length, i + 16);
            for (int j = i; j < end; j++) sb.append(String.format("%02x ", data[j] & 0xff));
            sb.append(' ');
            for (int j = i; j < end; j++) {
                char c = (char) (data[j] & 0xff);
                sb.append(Character.isLetterOrDigit(c) && c < 128 ? c : '.');
            }
            out.println(sb);
        }
    }

    /**
     * qemu-io's cvtstr: the largest binary unit not above the value, three decimals unless
     * they are all zero ("1 MiB", "1.500 KiB", "4.657 GiB", "512 bytes").
     */
    public static String sizeToString(long val) {
        String[] suffixes = {" bytes", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"};
        int i = 0;
        while (i < suffixes.length - 1 && val >= 1L << ((i + 1) * 10)) i++;
        String number = String.format(Locale.ROOT, "%.3f", (double) val / (1L << (i * 10)));
        int trim = number.indexOf(".000");
        return (trim >= 0 ? number.substring(0, trim) : number) + suffixes[i];
    }
}
