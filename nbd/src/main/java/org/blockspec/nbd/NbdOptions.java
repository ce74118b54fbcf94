package org.blockspec.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Handshake-phase framing: option requests, option replies and their payloads. */
public final class NbdOptions {
    private NbdOptions() {
    }

    /** An option request as the client sends it. */
    public static ByteBuffer request(int option, ByteBuffer data) {
        ByteBuffer b = ByteBuffer.allocate(16 + data.remaining());
        return b.putLong(Nbd.IHAVEOPT).putInt(option).putInt(data.remaining()).put(data.duplicate()).flip();
    }

    public static ByteBuffer reply(int option, int type, ByteBuffer data) {
        ByteBuffer b = ByteBuffer.allocate(20 + data.remaining());
        return b.putLong(Nbd.OPTION_REPLY_MAGIC).putInt(option).putInt(type).putInt(data.remaining())
                .put(data.duplicate()).flip();
    }

    public static ByteBuffer ack(int option) {
        return reply(option, Nbd.REP_ACK, ByteBuffer.allocate(0));
    }

    /** An error reply whose payload is a message for people. */
    public static ByteBuffer error(int option, int type, String message) {
        return reply(option, type, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    /** NBD_REP_SERVER: an export's name and description. */
    public static ByteBuffer server(int option, String name, String description) {
        byte[] n = utf8(name);
        byte[] d = utf8(description);
        return reply(option, Nbd.REP_SERVER, ByteBuffer.allocate(4 + n.length + d.length).putInt(n.length).put(n).put(d).flip());
    }

    public static ByteBuffer metaContext(int option, int id, String name) {
        byte[] n = utf8(name);
        return reply(option, Nbd.REP_META_CONTEXT, ByteBuffer.allocate(4 + n.length).putInt(id).put(n).flip());
    }

    public static ByteBuffer infoExport(int option, long size, int flags) {
        return reply(option, Nbd.REP_INFO, ByteBuffer.allocate(12).putShort((short) Nbd.INFO_EXPORT).putLong(size)
                .putShort((short) flags).flip());
    }

    public static ByteBuffer infoText(int option, int infoType, String text) {
        byte[] t = utf8(text);
        return reply(option, Nbd.REP_INFO, ByteBuffer.allocate(2 + t.length).putShort((short) infoType).put(t).flip());
    }

    public static ByteBuffer infoBlockSize(int option, int minimum, int preferred, int maximum) {
        return reply(option, Nbd.REP_INFO, ByteBuffer.allocate(14).putShort((short) Nbd.INFO_BLOCK_SIZE)
                .putInt(minimum).putInt(preferred).putInt(maximum).flip());
    }

    /** Payload of NBD_OPT_INFO / NBD_OPT_GO: the export name and the info types asked for. */
    public static ByteBuffer infoRequest(String name, int... infos) {
        byte[] n = utf8(name);
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + 2 * infos.length).putInt(n.length).put(n);
        b.putShort((short) infos.length);
        for (int i : infos) b.putShort((short) i);
        return b.flip();
    }

    /** Payload of NBD_OPT_LIST/SET_META_CONTEXT: the export name and the queries. */
    public static ByteBuffer metaContextRequest(String export, String... queries) {
        int len = 4 + utf8(export).length + 4;
        for (String q : queries) len += 4 + utf8(q).length;
        ByteBuffer b = ByteBuffer.allocate(len);
        putString(b, export);
        b.putInt(queries.length);
        for (String q : queries) putString(b, q);
        return b.flip();
    }

    private static void putString(ByteBuffer b, String s) {
        byte[] bytes = utf8(s);
        b.putInt(bytes.length).put(bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
