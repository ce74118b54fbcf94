package org.blockspec.dsl.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.blockspec.dsl.differential.QemuTools;

/**
 * Command lines that must fail at start-up: qemu-storage-daemon and {@code blockspec daemon}
 * get the same arguments and must print the same message (after the program name) and exit
 * with the same status. {@code DIR} stands for a fresh directory.
 */
class DaemonCommandLineTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "--bogus",
            "--blockdev",
            "--blockdev driver=bogus",
            "--blockdev null-co,node-name=n --blockdev null-co,node-name=n",
            "--blockdev {\"driver\":\"null-co\"",
            "--nbd-server addr.type=unix",
            "--nbd-server addr.type=bogus",
            "--nbd-server addr.type=unix,addr.path=DIR/n.sock,bogus=1",
            "--nbd-server addr.type=unix,addr.path=DIR/nosuch/n.sock",
            "--nbd-server addr.type=unix,addr.path=DIR/n.sock,tls-creds=t",
            "--nbd-server addr.type=unix,addr.path=DIR/n.sock,max-connections=-1",
            "--nbd-server addr.type=unix,addr.path=DIR/n.sock --nbd-server addr.type=unix,addr.path=DIR/n2.sock",
            "--export type=nbd",
            "--export type=nbd,id=e",
            "--export type=nbd,id=e,node-name=x",
            "--blockdev driver=null-co,node-name=n --export type=nbd,id=e,node-name=n",
            "--blockdev driver=null-co,node-name=n --nbd-server addr.type=unix,addr.path=DIR/n.sock --export nbd,id=e,node-name=n,writable=maybe",
            "--blockdev driver=null-co,node-name=n,read-only=on --nbd-server addr.type=unix,addr.path=DIR/n.sock --export nbd,id=e,node-name=n,writable=on",
            "--blockdev driver=null-co,node-name=n --nbd-server addr.type=unix,addr.path=DIR/n.sock --export nbd,id=e,node-name=n --export nbd,id=e,node-name=n",
            "--monitor chardev=zz",
            "--monitor",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=off --monitor chardev=m,mode=readline",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=off --monitor m,bogus=1",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=off --monitor chardev=m,pretty=maybe",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=off --monitor chardev=m --monitor chardev=m",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=off,bogus=1",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=maybe",
            "--chardev socket,id=1m,path=DIR/m.sock,server=on,wait=off",
            "--chardev socket,id=m,host=127.0.0.1,server=on,wait=off",
            "--chardev socket,path=DIR/m.sock,server=on,wait=off",
            "--chardev socket,id=m,path=DIR/nosuch/m.sock,server=on,wait=off",
            "--chardev bogus,id=m",
            "--chardev socket,id=m",
            "--chardev socket,id=m,path=DIR/m.sock,server=on,wait=off --chardev socket,id=m,path=DIR/m2.sock,server=on,wait=off",
            "--object bogus,id=x",
            "--object throttle-group,id=tg0,x-bps-total=-1",
            "--object throttle-group,id=tg0,limits.bps-total=5,limits.bps-read=5",
            "--object throttle-group,id=tg0 --object throttle-group,id=tg0",
            "--object throttle-group,id=tg0 --blockdev throttle,node-name=t,throttle-group=tg1,file.driver=null-co",
            "--pidfile",
            "--pidfile DIR/nosuch/p.pid",
            "extra"})
    void startUpFailsAsQemuDoes(String line) throws Exception {
        QemuTools.require("qemu-storage-daemon");
        List<String> args = new ArrayList<>();
        // Split on spaces outside JSON (the only JSON argument here has no spaces).
        for (String a : line.split(" ")) args.add(a.replace("DIR", dir.toString()));
        List<String> qemu = new ArrayList<>(List.of("qemu-storage-daemon"));
        qemu.addAll(args);
        List<String> ours = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.blockspec.dsl.cli.Main", "daemon"));
        ours.addAll(args);
        Result q = run(qemu, "qemu-storage-daemon: ");
        Result b = run(ours, "blockspec: ");
        assertEquals(q, b, "blockspec daemon " + line);
    }

    record Result(int exit, String stderr) {
    }

    private Result run(List<String> cmd, String prefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("still running: " + cmd);
        }
        return new Result(p.exitValue(), err.replace(prefix, "PROGRAM: "));
    }
}
