package org.blockspec.dsl.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.qemuio.QemuIo;
import org.blockspec.engine.qmp.schema.Keyval;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * qemu-io on the embedded engine: opens an image, runs qemu-io commands on it and prints
 * qemu-io's lines (without the timing line). Exits 1 if opening or any command failed.
 */
@Command(name = "io", mixinStandardHelpOptions = true,
        description = {"Runs qemu-io commands (read, write, discard, flush, length) on an image.",
                "Example: blockspec io -f raw -c 'write -P 0xab 0 64k' -c 'read -P 0xab 0 64k' disk.img"})
final class IoTool implements Callable<Integer> {
    private static final String NODE = "image";

    @Option(names = {"-c", "--cmd"}, paramLabel = "COMMAND",
            description = "A qemu-io command; repeatable. Without -c, commands are read from standard input.")
    List<String> commands = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FMT", description = "Image format (default: probed, as qemu-io does).")
    String format;

    @Option(names = {"-r", "--read-only"}, description = "Open the image read-only.")
    boolean readOnly;

    @Option(names = {"-U", "--force-share"}, description = "Open with force-share=on (needs -r).")
    boolean forceShare;

    @Option(names = "--image-opts", description = "IMAGE is key=value node options, as with qemu-io --image-opts.")
    boolean imageOpts;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image file name (or options with --image-opts).")
    String image;

    @Override
    public Integer call() throws Exception {
        // Buffered like qemu-io's stdio; flushed before anything goes to standard error.
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        try (Engine engine = Engine.builder().stdout(stdout).build()) {
            String error = imageOpts ? EngineCalls.blockdevAdd(engine, nodeOptions(), true)
                    : EngineCalls.openImage(engine, ImageRequest.of(NODE, image, format, readOnly)
                            .withForceShare(forceShare).withUnmap(true));
            if (error != null) {
                System.err.println("blockspec io: can't open device " + image + ": " + error);
                return 1;
            }
            // A json: filename may name its node itself; then it is the one the monitor owns.
            BlockNode top = engine.graph().node(NODE) != null ? engine.graph().node(NODE)
                    : engine.graph().nodes().stream().filter(BlockNode::monitorOwned).reduce((a, b) -> b).orElseThrow();
            if (format == null && !imageOpts && !readOnly && !image.startsWith("json:")
                    && top.driverName().equals("raw")) {
                System.err.println(ProbedRaw.warning(image));
            }
            PermSet perm = readOnly ? PermSet.of(Perm.CONSISTENT_READ) : PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE);
            BlockBackend blk = engine.loop().call(() -> {
                try {
                    return BackendOps.create(engine.graph(), null, null, top, new Perms(perm, PermSet.ALL));
                } catch (BlockException e) {
                    System.err.println("blockspec io: can't open device " + image + ": " + EngineCalls.withHint(e));
                    return null;
                }
            });
            if (blk == null) return 1;
            PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8) {
                @Override public void println(String x) {
                    stdout.flush(); // keep stdout and stderr in the order qemu-io writes them
                    super.println(x);
                }
            };
            QemuIo io = new QemuIo(engine.graph(), stdout, err, msg -> err.println("blockspec io: " + msg), stdout::println);
            List<String> script = commands.isEmpty() ? stdinCommands() : commands;
            int status = engine.loop().call(() -> {
                int s = 0;
                for (String c : script) s |= io.run(blk, c);
                return s;
            });
            stdout.flush();
            return status == 0 ? 0 : 1;
        }
    }

    /** The image's node as --image-opts gives it. */
    private ObjectNode nodeOptions() {
        ObjectNode node = Keyval.parse(image);
        if (readOnly) node.put("read-only", "on");
        if (forceShare) node.put("force-share", "on");
        node.put("node-name", NODE);
        return node;
    }

    private static List<String> stdinCommands() throws java.io.IOException {
        List<String> out = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) out.add(line.strip());
        }
        return out;
    }
}
