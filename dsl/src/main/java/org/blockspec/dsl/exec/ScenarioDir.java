package org.blockspec.dsl.exec;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

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

    /** A sparse raw image (the only format there is so far). */
    static void createImage(Path dir, String name, String format, long size, String backing)
            throws Backend.BackendException {
        if (!format.equals("raw")) {
            throw new Backend.BackendException("creating " + format + " images is not supported yet; only raw");
        }
        if (backing != null) throw new Backend.BackendException("raw images have no backing file");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            throw new Backend.BackendException("cannot create " + name + ": " + e.getMessage());
        }
    }
}
