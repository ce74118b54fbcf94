package org.blockspec.dsl.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.image.ImageCreator;

/** What every backend does with the scenario's directory: {@code $DIR} in arguments, and images in it. */
final class ScenarioDir {
    private ScenarioDir() {
    }

    /** {@code $DIR} in any string of the arguments becomes the scenario's directory. */
    static JsonNode substitute(JsonNode n, Path dir) {
        if (n.isTextual()) return TextNode.valueOf(n.textValue().replace("$DIR", dir.toString()));
        if (n.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            n.forEach(e -> a.add(substitute(e, dir)));
            return a;
        }
        if (!n.isObject()) return n;
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            o.set(e.getKey(), substitute(e.getValue(), dir));
        }
        return o;
    }

    /**
     * Creates an image file as qemu-img create would, on a short-lived engine of its own (as
     * qemu-img is a process of its own). Raw images are sparse files; other formats are
     * written by their driver, a backing file named relative to the scenario's directory.
     *
     * @param drivers the drivers to use, or null for those on the class path
     * @param options qemu-img create's -o list, or null
     */
    static void createImage(Path dir, DriverRegistry drivers, String name, String format, long size, String backing,
                            String backingFormat, String options) throws Backend.BackendException {
        if (format.equals("raw") && backing == null && options == null) {
            try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
                f.setLength(size);
            } catch (IOException e) {
                throw new Backend.BackendException("cannot create " + name + ": " + e.getMessage());
            }
            return;
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Engine tool = Engine.builder().name("image-create").drivers(drivers)
                .stdout(new PrintStream(OutputStream.nullOutputStream()))
                .stderr(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            String fmt = backing != null && backingFormat == null ? format : backingFormat;
            tool.loop().call(() -> {
                ImageCreator.create(tool, new ImageCreator.Request(dir.resolve(name).toString(), format,
                        size, options, backing, backing == null ? null : fmt, false, true), tool.stdout());
                return null;
            });
        } catch (RuntimeException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new Backend.BackendException("cannot create " + name + ": " + c.getMessage());
        }
    }
}
