package org.blockspec.dsl.differential;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process that speaks QMP: real QEMU (qemu-storage-daemon or qemu-system-x86_64 on a unix
 * socket) or {@code blockspec qmp} on its standard input and output.
 */
final class QmpPeer implements AutoCloseable {
    private final Process process;
    private final QmpClient client;
    private final SocketChannel channel;

    private QmpPeer(Process process, QmpClient client, SocketChannel channel) {
        this.process = process;
        this.client = client;
        this.channel = channel;
    }

    QmpClient client() { return client; }

    static QmpPeer blockspec(Path workDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.blockspec.dsl.cli.Main", "qmp")
                .directory(workDir.toFile())
                .redirectError(workDir.resolve("blockspec.stderr").toFile())
                .start();
        return new QmpPeer(p, new QmpClient(p.getInputStream(), p.getOutputStream()), null);
    }

    /** {@code blockspec daemon} with a QMP monitor on a unix socket, as qemu-storage-daemon is started. */
    static QmpPeer blockspecDaemon(Path workDir) throws IOException, InterruptedException {
        Path sock = workDir.resolve("daemon.sock");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return qemu(workDir, sock, List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.blockspec.dsl.cli.Main", "daemon",
                "--chardev", "socket,id=m,path=" + sock + ",server=on,wait=off", "--monitor", "chardev=m"));
    }

    static QmpPeer storageDaemon(Path workDir) throws IOException, InterruptedException {
        Path sock = workDir.resolve("qsd.sock");
        return qemu(workDir, sock, List.of("qemu-storage-daemon",
                "--chardev", "socket,id=m,path=" + sock + ",server=on,wait=off", "--monitor", "chardev=m"));
    }

    /**
     * qemu-system-x86_64 without a guest, with three hot-pluggable PCIe root ports (rp1..rp3)
     * and ACPI hot-plug off, so device_del completes at once as it does in blockspec.
     */
    static QmpPeer system(Path workDir) throws IOException, InterruptedException {
        Path sock = workDir.resolve("vm.sock");
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-machine", "q35,accel=tcg", "-S",
                "-nodefaults", "-display", "none", "-qmp", "unix:" + sock + ",server=on,wait=off",
                "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off"));
        for (int i = 1; i <= 3; i++) {
            cmd.addAll(List.of("-device", "pcie-root-port,id=rp" + i + ",bus=pcie.0,chassis=" + i));
        }
        return qemu(workDir, sock, cmd);
    }

    private static QmpPeer qemu(Path workDir, Path sock, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("qemu.stdout").toFile())
                .redirectError(workDir.resolve("qemu.stderr").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(sock)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(cmd.getFirst() + " did not open its QMP socket: "
                        + Files.readString(workDir.resolve("qemu.stderr")));
            }
            Thread.sleep(20);
        }
        SocketChannel ch;
        try {
            ch = org.blockspec.dsl.exec.QmpSocket.open(sock, deadline);
        } catch (IOException e) {
            p.destroyForcibly().waitFor();
            throw e;
        }
        return new QmpPeer(p, new QmpClient(Channels.newInputStream(ch), Channels.newOutputStream(ch)), ch);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (process.isAlive()) client.send("{\"execute\":\"quit\"}");
        } catch (IOException ignored) {
            // the peer may already have gone
        }
        if (channel != null) channel.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
