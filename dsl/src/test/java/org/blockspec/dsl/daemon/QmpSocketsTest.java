package org.blockspec.dsl.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.exec.QmpSocket;
import org.blockspec.engine.qmp.QmpJson;

/**
 * QMP on the daemon's sockets as management tools see it: several monitors at once (unix and
 * TCP loopback), events on each, clients that leave mid-message or send garbage, and quit.
 */
class QmpSocketsTest {
    @TempDir Path dir;

    private static long soon() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    }

    @Test
    void monitorsOnUnixAndTcpServeTheirClientsAndLeavingHurtsNobody() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path pid = dir.resolve("daemon.pid");
        try (DaemonProcess d = DaemonProcess.start(dir, List.of(
                "--blockdev", "null-co,node-name=n0",
                "--chardev", "socket,id=tcp,host=127.0.0.1,port=" + port + ",server=on,wait=off", "--monitor", "tcp",
                "--pidfile", pid.toString()))) {
            // A client that leaves in the middle of a message.
            try (QmpSocket gone = QmpSocket.connect(d.qmp, soon())) {
                // Greeted only after start-up completed, and the PID file is part of start-up.
                assertEquals(Long.toString(d.process.pid()), Files.readString(pid).strip());
                gone.write("{\"execute\": \"qmp_capa");
            }
            try (QmpSocket a = QmpSocket.connect(d.qmp, soon());
                 Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                BufferedReader tin = new BufferedReader(new InputStreamReader(tcp.getInputStream(), StandardCharsets.UTF_8));
                JsonNode greeting = QmpJson.read(tin.readLine());
                assertEquals(7, greeting.get("QMP").get("version").get("qemu").get("major").asInt());
                assertEquals("Expecting capabilities negotiation with 'qmp_capabilities'",
                        a.send("{\"execute\":\"query-block-exports\"}").get("error").get("desc").asText(),
                        "the next client starts afresh in negotiation mode");
                a.send("{\"execute\":\"qmp_capabilities\"}");
                tcp.getOutputStream().write("]]] {\"execute\":\"qmp_capabilities\"}\r\n".getBytes(StandardCharsets.UTF_8));
                assertTrue(tin.readLine().contains("JSON parse error"), "garbage is answered");
                assertTrue(tin.readLine().contains("JSON parse error"));
                assertTrue(tin.readLine().contains("JSON parse error"));
                assertEquals("{\"return\": {}}", tin.readLine());
                a.send("{\"execute\":\"nbd-server-start\",\"arguments\":{\"addr\":{\"type\":\"unix\",\"data\":{\"path\":\""
                        + dir.resolve("n.sock") + "\"}}}}");
                a.send("{\"execute\":\"block-export-add\",\"arguments\":{\"type\":\"nbd\",\"id\":\"e0\",\"node-name\":\"n0\"}}");
                a.send("{\"execute\":\"block-export-del\",\"arguments\":{\"id\":\"e0\"}}");
                JsonNode onTcp = QmpJson.read(tin.readLine());
                assertEquals("BLOCK_EXPORT_DELETED", onTcp.get("event").asText(), "events reach every monitor");
                assertEquals("BLOCK_EXPORT_DELETED", a.events().getFirst().get("event").asText());
                tcp.getOutputStream().write("{\"execute\":\"quit\"}\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("{\"return\": {}}", tin.readLine());
            }
            assertTrue(d.process.waitFor(20, TimeUnit.SECONDS), "quit ends the daemon");
            assertEquals(0, d.process.exitValue());
            assertFalse(Files.exists(pid), "the pid file goes with it");
            assertFalse(Files.exists(d.qmp), "and so does its socket");
        }
    }
}
