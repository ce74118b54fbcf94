package org.blockspec.dsl.cli;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.ImageRequest;
import org.blockspec.engine.image.ImageNodes;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.command.BlockdevAddCommand;
import org.blockspec.engine.qmp.command.ObjectAddCommand;
import org.blockspec.engine.qmp.schema.BlockdevOptionsParser;
import org.blockspec.engine.spi.BlockException;

/** Engine operations the command-line tools share, returning QEMU's message on failure. */
final class EngineCalls {
    private EngineCalls() {
    }

    /** A refusal as QEMU's tools print it: the message, then the hint (if any) on its own line. */
    static String withHint(BlockException e) {
        return e.hint() == null ? e.getMessage() : e.getMessage() + System.lineSeparator() + e.hint();
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

    /** An --object value (JSON or key=value, qom-type first) created on the engine's loop; null on success. */
    static String objectAdd(Engine engine, String text) {
        JsonNode tree;
        try {
            tree = CliOptions.tree(text, "qom-type");
        } catch (QmpError e) {
            return e.desc();
        }
        boolean keyval = !CliOptions.isJson(text);
        return onLoop(engine, () -> ObjectAddCommand.add(engine, tree, keyval));
    }

    /** An image file opened as qemu-io opens its argument; null on success, else QEMU's message. */
    static String openImage(Engine engine, ImageRequest request) {
        return onLoop(engine, () -> ImageNodes.open(engine, request));
    }

    /** A graph change that may be refused. */
    private interface Change {
        void run() throws BlockException;
    }

    /** Runs {@code change} on the engine's loop; null on success, else QEMU's message. */
    private static String onLoop(Engine engine, Change change) {
        return engine.loop().call(() -> {
            try {
                change.run();
                return null;
            } catch (BlockException e) {
                return withHint(e);
            } catch (QmpError e) {
                return e.desc();
            }
        });
    }

    /** Node options as a tree (string leaves when {@code keyval}); null on success, else QEMU's message. */
    static String blockdevAdd(Engine engine, JsonNode tree, boolean keyval) {
        BlockdevOptions options;
        try {
            options = new BlockdevOptionsParser(engine.drivers()).parse(tree, keyval);
        } catch (QmpError e) {
            return e.desc();
        }
        return onLoop(engine, () -> BlockdevAddCommand.add(engine, options));
    }
}
