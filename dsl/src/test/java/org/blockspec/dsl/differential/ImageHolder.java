package org.blockspec.dsl.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.cli.CliProcess;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.ImageLockInspector;
import org.blockspec.engine.spi.ImageLockState;
import org.blockspec.engine.spi.Perm;

/**
 * Another process that keeps an image open, the way a test asks, until closed: qemu-io or
 * {@code blockspec io} waiting for commands on a pipe, or a VM (qemu-system-x86_64 or
 * {@code blockspec qmp}) with a virtio-blk disk on the image.
 */
final class ImageHolder implements AutoCloseable {
    enum Program { QEMU, BLOCKSPEC }

    /** How the image is held: as qemu-io opens it (with these options), or by a guest device. */
    enum Hold {
        READ_WRITE(List.of(), false, true),
        READ_ONLY(List.of("-r"), false, true),
        READ_ONLY_FORCE_SHARE(List.of("-r", "-U"), false, true),
        DEVICE(null, false, true),
        DEVICE_SHARE_RW(null, true, true),
        DEVICE_LOCKING_OFF(null, false, false);

        final List<String> ioOptions;
        final boolean shareRw;
        final boolean locking;

        Hold(List<String> ioOptions, boolean shareRw, boolean locking) {
            this.ioOptions = ioOptions;
            this.shareRw = shareRw;
            this.locking = locking;
        }
    }

    private static final ImageLockInspector LOCKS = ImageLockInspector.load(ImageHolder.class.getClassLoader());

    private final Process io;
    private final QmpPeer vm;

    private ImageHolder(Process io, QmpPeer vm) {
        this.io = io;
        this.vm = vm;
    }

    /** Starts the holder and returns once it has the image open (its locks, if any, are taken). */
    static ImageHolder start(Program program, Hold hold, String format, Path image, Path workDir) throws Exception {
        Files.createDirectories(workDir);
        return hold.ioOptions != null ? startIo(program, hold, format, image, workDir)
                : startVm(program, hold, format, image, workDir);
    }

    static ImageLockState locks(Path image) throws BlockException {
        return LOCKS.inspect(image.toString());
    }

    private static ImageHolder startIo(Program program, Hold hold, String format, Path image, Path workDir)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("-f", format));
        args.addAll(hold.ioOptions);
        args.add(image.toString());
        List<String> cmd = new ArrayList<>();
        if (program == Program.QEMU) {
            cmd.add("qemu-io");
            cmd.addAll(args);
        } else {
            args.addFirst("io");
            cmd.addAll(CliProcess.blockspecCommand(args.toArray(String[]::new)));
        }
        Path err = workDir.resolve("holder.stderr");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("holder.stdout").toFile()).redirectError(err.toFile()).start();
        // Every io holder reads, so it is ready once consistent read is held.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!locks(image).held().has(Perm.CONSISTENT_READ)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly().waitFor();
                throw new IOException(cmd + " did not open the image: " + Files.readString(err));
            }
            Thread.sleep(10);
        }
        return new ImageHolder(p, null);
    }

    private static ImageHolder startVm(Program program, Hold hold, String format, Path image, Path workDir)
            throws Exception {
        QmpPeer vm = program == Program.QEMU ? QmpPeer.system(workDir) : QmpPeer.blockspec(workDir);
        try {
            expectReturn(vm, "{\"execute\":\"qmp_capabilities\"}");
            ObjectNode file = QmpJson.MAPPER.createObjectNode().put("driver", "file").put("filename", image.toString())
                    .put("locking", hold.locking ? "auto" : "off");
            ObjectNode node = QmpJson.MAPPER.createObjectNode().put("driver", format).put("node-name", "disk");
            node.set("file", file);
            expectReturn(vm, "{\"execute\":\"blockdev-add\",\"arguments\":" + QmpJson.write(node) + "}");
            expectReturn(vm, "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"virtio-blk-pci\",\"id\":\"vda\","
                    + "\"bus\":\"rp1\",\"drive\":\"disk\",\"share-rw\":" + hold.shareRw + "}}");
            return new ImageHolder(null, vm);
        } catch (Exception e) {
            vm.close();
            throw e;
        }
    }

    private static void expectReturn(QmpPeer vm, String request) throws IOException {
        JsonNode reply = vm.client().send(request);
        if (!reply.has("return")) throw new IOException(request + " failed: " + reply);
    }

    @Override
    public void close() throws Exception {
        if (vm != null) {
            vm.close();
            return;
        }
        io.getOutputStream().close(); // end of commands: the tool exits and its locks go
        if (!io.waitFor(20, TimeUnit.SECONDS)) io.destroyForcibly().waitFor();
    }
}
