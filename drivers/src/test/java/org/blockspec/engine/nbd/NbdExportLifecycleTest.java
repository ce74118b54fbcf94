package org.blockspec.engine.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * Exports with clients attached, and the nbd driver across a server restart: what a
 * management tool sees in QMP replies and events, and what the client sees on its socket.
 */
@ExtendWith(QmpFixtureExtension.class)
class NbdExportLifecycleTest {
    @TempDir Path tmp;

    private Path serve(QmpFixture qmp) throws IOException {
        Path sock = tmp.resolve("nbd.sock");
        qmp.add("{'driver':'null-co','node-name':'n0','size':1048576,'read-zeroes':true}");
        qmp.ok("{'execute':'nbd-server-start','arguments':{'addr':{'type':'unix','data':{'path':'%s'}}}}", sock);
        qmp.ok("{'execute':'block-export-add','arguments':{'type':'nbd','id':'e0','node-name':'n0','writable':true}}");
        return sock;
    }

    /** Connects and negotiates NBD_OPT_GO for export n0; returns the transmission-phase socket. */
    private static SocketChannel client(Path sock) throws IOException {
        SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX);
        s.connect(UnixDomainSocketAddress.of(sock));
        read(s, 18);
        s.write(ByteBuffer.allocate(28).putInt(3).putLong(0x49484156454f5054L).putInt(7).putInt(8).putInt(2)
                .put("n0".getBytes()).putShort((short) 0).flip());
        for (int type = 0; type != 1; ) {
            ByteBuffer h = read(s, 20);
            type = h.getInt(12);
            assertTrue(type > 0, "NBD_OPT_GO refused");
            read(s, h.getInt(16));
        }
        return s;
    }

    private static ByteBuffer read(SocketChannel s, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) if (s.read(b) < 0) throw new IOException("closed after " + b.position() + " bytes");
        return b.flip();
    }

    @Test
    void safeDeletionRefusesWhileAClientIsThereAndHardDeletionDropsIt(QmpFixture qmp) throws Exception {
        Path sock = serve(qmp);
        try (SocketChannel c = client(sock)) {
            assertEquals("export 'e0' still in use", qmp.error("{'execute':'block-export-del','arguments':{'id':'e0'}}"));
            assertEquals("[{\"id\":\"e0\",\"type\":\"nbd\",\"node-name\":\"n0\",\"shutting-down\":false}]",
                    qmp.ok("{'execute':'query-block-exports'}").toString());
            qmp.ok("{'execute':'block-export-del','arguments':{'id':'e0','mode':'hard'}}");
            assertEquals("e0", qmp.awaitEvent("BLOCK_EXPORT_DELETED").get("data").get("id").asText());
            assertEquals(-1, c.read(ByteBuffer.allocate(1)), "the client was dropped");
        }
        assertEquals("[]", qmp.ok("{'execute':'query-block-exports'}").toString());
        assertEquals("{}", qmp.ok("{'execute':'blockdev-del','arguments':{'node-name':'n0'}}").toString(),
                "the node is free again");
    }

    @Test
    void aDroppedClientLetsTheExportGoAtOnce(QmpFixture qmp) throws Exception {
        Path sock = serve(qmp);
        client(sock).close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        String reply;
        do {
            Thread.sleep(10);
            reply = qmp.send("{'execute':'block-export-del','arguments':{'id':'e0'}}").toString();
        } while (reply.contains("still in use") && System.nanoTime() < deadline);
        assertEquals("{\"return\":{}}", reply);
        assertEquals("e0", qmp.awaitEvent("BLOCK_EXPORT_DELETED").get("data").get("id").asText());
    }

    @Test
    void theNbdDriverWaitsForTheServerToComeBackWithinReconnectDelay(QmpFixture server) throws Exception {
        Path sock = serve(server);
        try (QmpFixture client = new QmpFixture(Files.createDirectories(tmp.resolve("vm2")))) {
            client.add("{'driver':'nbd','node-name':'patient','reconnect-delay':10,'server':{'type':'unix','path':'%s'},'export':'n0'}", sock);
            client.add("{'driver':'nbd','node-name':'hasty','server':{'type':'unix','path':'%s'},'export':'n0'}", sock);
            server.ok("{'execute':'nbd-server-stop'}");
            server.awaitEvent("BLOCK_EXPORT_DELETED");
            Thread restart = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                server.ok("{'execute':'nbd-server-start','arguments':{'addr':{'type':'unix','data':{'path':'%s'}}}}", sock);
                server.ok("{'execute':'block-export-add','arguments':{'type':'nbd','id':'e1','node-name':'n0','name':'n0'}}");
            });
            String hasty = client.ok("{'execute':'human-monitor-command','arguments':{'command-line':'qemu-io hasty \"read 0 4k\"'}}").asText()
                    + client.takeStdout();
            assertTrue(hasty.contains("read failed: Input/output error"), hasty);
            String patient = client.ok("{'execute':'human-monitor-command','arguments':{'command-line':'qemu-io patient \"read -P 0 0 4k\"'}}").asText()
                    + client.takeStdout();
            assertTrue(patient.contains("read 4096/4096 bytes at offset 0"), patient);
            restart.join();
        }
    }
}
