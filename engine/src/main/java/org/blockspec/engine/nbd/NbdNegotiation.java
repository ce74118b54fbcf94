package org.blockspec.engine.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.blockspec.nbd.Nbd;
import org.blockspec.nbd.NbdChannel;
import org.blockspec.nbd.NbdOptions;

/**
 * The server side of the fixed newstyle handshake, with QEMU 7.2's answers and texts
 * (nbd_negotiate_options): LIST, STRUCTURED_REPLY, LIST/SET_META_CONTEXT (base:allocation),
 * INFO, GO, EXPORT_NAME and ABORT; STARTTLS is refused as TLS is never configured; anything
 * else is unsupported. A client that breaks the framing is dropped.
 */
final class NbdNegotiation {
    /** What the client settled on before transmission. */
    record Outcome(NbdExport export, boolean structured, boolean metaContext) {
    }

    /** The handshake cannot go on; the message is what QEMU logs before dropping the client. */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    private final NbdChannel ch;
    private final Function<String, NbdExport> exports;
    private final Supplier<List<NbdExport>> list;
    private final Predicate<NbdExport> attach;
    private boolean noZeroes;
    private boolean structured;
    /** The export SET_META_CONTEXT chose base:allocation for, or null. */
    private String metaExport;

    /**
     * @param attach makes the client one of the export's users, before it is told the export
     *               is its own (so that a block-export-del racing with it sees the client);
     *               false when the export is shutting down
     */
    NbdNegotiation(NbdChannel ch, Function<String, NbdExport> exports, Supplier<List<NbdExport>> list,
                   Predicate<NbdExport> attach) {
        this.ch = ch;
        this.exports = exports;
        this.list = list;
        this.attach = attach;
    }

    /** @return the export to serve, or null when the client aborted */
    Outcome run() throws IOException {
        ch.write(ByteBuffer.allocate(18).putLong(Nbd.NBDMAGIC).putLong(Nbd.IHAVEOPT)
                .putShort((short) (Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES)).flip());
        int clientFlags = ch.read(4, "client flags").getInt();
        if ((clientFlags & ~(Nbd.FLAG_FIXED_NEWSTYLE | Nbd.FLAG_NO_ZEROES)) != 0) {
            throw new Failed("Unknown client flags 0x" + Integer.toHexString(clientFlags) + " received");
        }
        noZeroes = (clientFlags & Nbd.FLAG_NO_ZEROES) != 0;
        while (true) {
            ByteBuffer h = ch.read(16, "opts magic");
            if (h.getLong() != Nbd.IHAVEOPT) throw new Failed("Bad magic received");
            int option = h.getInt();
            long length = Integer.toUnsignedLong(h.getInt());
            if (length > Nbd.MAX_BUFFER_SIZE) {
                throw new Failed("len (" + length + " ) is larger than max len (" + Nbd.MAX_BUFFER_SIZE + ")");
            }
            ByteBuffer data = ch.read((int) length, "option data");
            Outcome done = option(option, data);
            if (done != null) return done.export() == null ? null : done;
        }
    }

    private static final Outcome ABORTED = new Outcome(null, false, false);

    private Outcome option(int option, ByteBuffer data) throws IOException {
        switch (option) {
            case Nbd.OPT_EXPORT_NAME -> {
                NbdExport e = exports.apply(utf8(data, data.remaining()));
                if (e == null || !attach.test(e)) throw new Failed("export not found");
                ByteBuffer reply = ByteBuffer.allocate(10 + (noZeroes ? 0 : Nbd.EXPORT_NAME_ZEROES));
                reply.putLong(e.size()).putShort((short) e.flags(structured));
                ch.write(reply.clear());
                return outcome(e);
            }
            case Nbd.OPT_ABORT -> {
                try {
                    ch.write(NbdOptions.ack(option));
                } catch (IOException e) {
                    // The spec lets a client leave without waiting for this reply.
                }
                return ABORTED;
            }
            case Nbd.OPT_LIST -> {
                if (data.hasRemaining()) return invalid(option, "option 'list' has unexpected length");
                for (NbdExport e : list.get()) {
                    ch.write(NbdOptions.server(option, e.name(), e.description() == null ? "" : e.description()));
                }
                ch.write(NbdOptions.ack(option));
            }
            case Nbd.OPT_STARTTLS -> ch.write(NbdOptions.error(option, Nbd.REP_ERR_POLICY, "TLS not configured"));
            case Nbd.OPT_INFO, Nbd.OPT_GO -> {
                NbdExport e = info(option, data);
                if (e != null && option == Nbd.OPT_GO) return outcome(e);
            }
            case Nbd.OPT_STRUCTURED_REPLY -> {
                if (data.hasRemaining()) return invalid(option, "option 'structured reply' has unexpected length");
                if (structured) return invalid(option, "structured reply already negotiated");
                structured = true;
                ch.write(NbdOptions.ack(option));
            }
            case Nbd.OPT_LIST_META_CONTEXT, Nbd.OPT_SET_META_CONTEXT -> metaContext(option, data);
            default -> ch.write(NbdOptions.error(option, Nbd.REP_ERR_UNSUP,
                    "Unsupported option " + Integer.toUnsignedString(option) + " (" + Nbd.optionName(option) + ")"));
        }
        return null;
    }

    private Outcome outcome(NbdExport e) {
        return new Outcome(e, structured, structured && e.name().equals(metaExport));
    }

    private Outcome invalid(int option, String message) throws IOException {
        ch.write(NbdOptions.error(option, Nbd.REP_ERR_INVALID, message));
        return null;
    }

    private Outcome inconsistent(int option) throws IOException {
        return invalid(option, "Inconsistent lengths in option " + Nbd.optionName(option));
    }

    /** NBD_OPT_INFO / NBD_OPT_GO: the export's details, then ACK; null if refused. */
    private NbdExport info(int option, ByteBuffer data) throws IOException {
        String name = readString(data);
        if (name == null || data.remaining() < 2) {
            inconsistent(option);
            return null;
        }
        int requests = Short.toUnsignedInt(data.getShort());
        if (data.remaining() != requests * 2) {
            inconsistent(option);
            return null;
        }
        boolean sendName = false;
        boolean blockSize = false;
        for (int i = 0; i < requests; i++) {
            int type = Short.toUnsignedInt(data.getShort());
            if (type == Nbd.INFO_NAME) sendName = true;
            if (type == Nbd.INFO_BLOCK_SIZE) blockSize = true;
        }
        NbdExport e = exports.apply(name);
        if (e == null) {
            ch.write(NbdOptions.error(option, Nbd.REP_ERR_UNKNOWN, "export '" + name + "' not present"));
            return null;
        }
        if (sendName) ch.write(NbdOptions.infoText(option, Nbd.INFO_NAME, name));
        if (e.description() != null) ch.write(NbdOptions.infoText(option, Nbd.INFO_DESCRIPTION, e.description()));
        int min = option == Nbd.OPT_INFO || blockSize ? e.minBlockSize() : 1;
        ch.write(NbdOptions.infoBlockSize(option, min, e.preferredBlockSize(), e.maxBlockSize()));
        if (option == Nbd.OPT_GO && !blockSize && e.minBlockSize() > 1) {
            ch.write(NbdOptions.error(option, Nbd.REP_ERR_BLOCK_SIZE_REQD, "request NBD_INFO_BLOCK_SIZE to use this export"));
            return null;
        }
        ch.write(NbdOptions.infoExport(option, e.size(), e.flags(structured)));
        if (option == Nbd.OPT_GO && !attach.test(e)) {
            ch.write(NbdOptions.error(option, Nbd.REP_ERR_UNKNOWN, "export '" + name + "' not present"));
            return null;
        }
        ch.write(NbdOptions.ack(option));
        return e;
    }

    /** LIST lists base:allocation for an empty query list or a "base:" query; SET selects it. */
    private void metaContext(int option, ByteBuffer data) throws IOException {
        boolean set = option == Nbd.OPT_SET_META_CONTEXT;
        if (set && !structured) {
            invalid(option, "request option '" + Nbd.optionName(option) + "' when structured reply is not negotiated");
            return;
        }
        String name = readString(data);
        if (name == null || data.remaining() < 4) {
            inconsistent(option);
            return;
        }
        long count = Integer.toUnsignedLong(data.getInt());
        boolean base = !set && count == 0;
        for (long i = 0; i < count; i++) {
            String q = readString(data);
            if (q == null) {
                inconsistent(option);
                return;
            }
            if (q.equals(Nbd.BASE_ALLOCATION) || (!set && q.equals("base:"))) base = true;
        }
        if (data.hasRemaining()) {
            inconsistent(option);
            return;
        }
        if (exports.apply(name) == null) {
            ch.write(NbdOptions.error(option, Nbd.REP_ERR_UNKNOWN, "export '" + name + "' not present"));
            return;
        }
        if (set) metaExport = base ? name : null;
        if (base) ch.write(NbdOptions.metaContext(option, 0, Nbd.BASE_ALLOCATION));
        ch.write(NbdOptions.ack(option));
    }

    /** A u32-length-prefixed string inside option data, or null if it does not fit. */
    private static String readString(ByteBuffer data) {
        if (data.remaining() < 4) return null;
        long len = Integer.toUnsignedLong(data.getInt());
        if (len > data.remaining()) return null;
        return utf8(data, (int) len);
    }

    private static String utf8(ByteBuffer data, int len) {
        byte[] b = new byte[len];
        data.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
