package org.blockspec.engine.qmp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import org.blockspec.engine.qmp.json.QemuOutput;

/**
 * JSON as QMP speaks it: output is one line with QEMU's spacing, {@code {"return": {}, "id": 1}},
 * keys in QEMU's order and strings and numbers written as QEMU writes them. QMP input is read
 * by {@link org.blockspec.engine.qmp.json.QmpInput}; {@link #read} is for JSON from elsewhere
 * (files, the scenario language), and also takes single-quoted strings as QEMU does.
 */
public final class QmpJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private static final ObjectWriter WRITER;
    private static final ObjectWriter PRETTY;

    static {
        Separators seps = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEntrySpacing(Separators.Spacing.AFTER)
                .withArrayValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(seps)
                .withObjectIndenter(new DefaultIndenter("", ""))
                .withArrayIndenter(new DefaultIndenter("", ""));
        WRITER = MAPPER.writer(pp).with(QemuOutput.ESCAPES).with(JsonWriteFeature.ESCAPE_NON_ASCII);
        Separators prettySeps = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultIndenter indent = new DefaultIndenter("    ", "\n");
        PRETTY = MAPPER.writer(new DefaultPrettyPrinter(prettySeps).withObjectIndenter(indent).withArrayIndenter(indent))
                .with(QemuOutput.ESCAPES).with(JsonWriteFeature.ESCAPE_NON_ASCII);
    }

    /** Indented as QEMU's qobject_to_json_pretty (qemu-img's --output=json), keys in QDict order. */
    public static String writePretty(JsonNode n) {
        try {
            return PRETTY.writeValueAsString(inQDictOrder(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private QmpJson() {
    }

    /** One line, keys in QEMU's QDict order, QEMU's spacing. */
    public static String write(JsonNode n) {
        try {
            return WRITER.writeValueAsString(inQDictOrder(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy whose object keys follow QEMU's QDict iteration order, so our output is byte for
     * byte what QEMU prints when the values agree. Keys must have been added in QAPI member order.
     */
    public static JsonNode inQDictOrder(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            java.util.List<String> keys = new java.util.ArrayList<>();
            n.fieldNames().forEachRemaining(keys::add);
            for (String k : QDictOrder.order(keys)) out.set(k, inQDictOrder(n.get(k)));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            for (JsonNode e : n) out.add(inQDictOrder(e));
            return out;
        }
        // QEMU prints doubles with %.17g ("0.10000000000000001", "inf").
        if (n.isFloatingPointNumber()) return MAPPER.getNodeFactory().rawValueNode(new RawValue(QemuOutput.double17g(n.doubleValue())));
        return n;
    }

    public static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }
}
