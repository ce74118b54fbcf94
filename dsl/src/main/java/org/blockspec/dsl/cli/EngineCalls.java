package org.blockspec.dsl.cli;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.command.BlockdevAddCommand;
import org.blockspec.engine.qmp.schema.BlockdevOptionsParser;
import org.blockspec.engine.spi.BlockException;

/** Engine operations the command-line tools share, returning QEMU's message on failure. */
final class EngineCalls {
    private EngineCalls() {
    }

    /** A --blockdev value (JSON or key=value) added on the engine's loop; null on success. */
    static String blockdevAdd(Engine engine, String text) {
        boolean json = CliOptions.isJson(text);
        JsonNode tree;
        try {
            tree = CliOptions.tree(text, "driver");
        } catch (QmpError e) {
            return e.desc();
        }
        return blockdevAdd(engine, tree, !json);
    }

    /** Node options as a tree (string leaves when {@code keyval}); null on success, else QEMU's message. */
    static String blockdevAdd(Engine engine, JsonNode tree, boolean keyval) {
        BlockdevOptions options;
        try {
            options = new BlockdevOptionsParser(engine.drivers()).parse(tree, keyval);
        } catch (QmpError e) {
            return e.desc();
        }
        return engine.loop().call(() -> {
            try {
                BlockdevAddCommand.add(engine, options);
                return null;
            } catch (BlockException e) {
                return e.getMessage();
            } catch (QmpError e) {
                return e.desc();
            }
        });
    }
}
