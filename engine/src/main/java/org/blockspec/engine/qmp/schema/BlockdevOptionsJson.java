package org.blockspec.engine.qmp.schema;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.ChildSpec;
import org.blockspec.engine.qmp.QmpJson;

/**
 * Writes validated {@link BlockdevOptions} back as blockdev-add arguments with QMP's types,
 * e.g. for options that were given as command-line or scenario key=value text.
 */
public final class BlockdevOptionsJson {
    private BlockdevOptionsJson() {
    }

    public static ObjectNode of(BlockdevOptions o) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("driver", o.driver());
        if (o.nodeName() != null) out.put("node-name", o.nodeName());
        if (o.discard() != null) out.put("discard", o.discard());
        if (o.cache() != null) {
            ObjectNode c = out.putObject("cache");
            c.put("direct", o.cache().direct());
            c.put("no-flush", o.cache().noFlush());
        }
        if (o.readOnly() != null) out.put("read-only", o.readOnly());
        if (o.autoReadOnly() != null) out.put("auto-read-only", o.autoReadOnly());
        if (o.forceShare() != null) out.put("force-share", o.forceShare());
        if (o.detectZeroes() != null) out.put("detect-zeroes", o.detectZeroes());
        for (Map.Entry<String, Object> e : o.driverOptions().toMap().entrySet()) {
            out.set(e.getKey(), QmpJson.MAPPER.valueToTree(e.getValue()));
        }
        o.children().forEach((name, spec) -> out.set(name, child(spec)));
        for (Map.Entry<String, List<ChildSpec>> e : o.childLists().entrySet()) {
            ArrayNode a = out.putArray(e.getKey());
            e.getValue().forEach(c -> a.add(child(c)));
        }
        return out;
    }

    private static JsonNode child(ChildSpec spec) {
        return switch (spec) {
            case ChildSpec.Reference r -> JsonNodeFactory.instance.textNode(r.name());
            case ChildSpec.Inline i -> of(i.options());
            case ChildSpec.None n -> JsonNodeFactory.instance.nullNode();
        };
    }
}
