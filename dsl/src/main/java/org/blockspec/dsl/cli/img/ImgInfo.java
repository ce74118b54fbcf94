package org.blockspec.dsl.cli.img;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.image.ImageInfoText;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.qmp.command.ImageInfo;

/**
 * qemu-img info: what an image is, opened without its backing chain and without I/O; with
 * --backing-chain, the same for every image down the chain, each opened on its own.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Shows image information (qemu-img info [-f fmt] [--output=human|json] [--backing-chain] [-U] filename).")
final class ImgInfo implements Callable<Integer> {
    @Mixin
    ImageArgs image = new ImageArgs();

    @Option(names = "--backing-chain", description = "Also every image of the backing chain.")
    boolean chain;

    @Parameters(paramLabel = "FILENAME", description = "The image.")
    String filename;

    @Override
    public Integer call() {
        return ImgSession.run(s -> {
            boolean json = image.json();
            List<ObjectNode> infos = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            String name = filename;
            String fmt = image.format;
            while (name != null) {
                if (!seen.add(name)) throw new ImgSession.Failure("Backing file '" + name + "' creates an infinite loop.");
                BlockBackend b = s.open(ImgSession.request(name, fmt, false, image.forceShare).withNoBacking(true).withNoIo(true),
                        false);
                ObjectNode info = ImageInfo.of(b.node(), true);
                s.close(b);
                infos.add(info);
                name = null;
                fmt = null;
                if (chain) {
                    if (info.has("full-backing-filename")) {
                        name = info.get("full-backing-filename").asText();
                    } else if (info.has("backing-filename")) {
                        throw new ImgSession.Failure("Could not determine absolute backing filename, but backing filename '"
                                + info.get("backing-filename").asText() + "' present");
                    }
                    if (info.has("backing-filename-format")) fmt = info.get("backing-filename-format").asText();
                }
            }
            if (json) {
                if (chain) {
                    ArrayNode a = QmpJson.MAPPER.createArrayNode();
                    infos.forEach(a::add);
                    s.out.println(QmpJson.writePretty(a));
                } else {
                    s.out.println(QmpJson.writePretty(infos.getFirst()));
                }
            } else {
                for (int i = 0; i < infos.size(); i++) {
                    if (i > 0) s.out.println();
                    human(s, infos.get(i));
                }
            }
            return 0;
        });
    }

    /** QEMU's bdrv_image_info_dump. */
    private static void human(ImgSession s, ObjectNode info) {
        ImageInfoText.lines(info).forEach(s.out::println);
    }
}
