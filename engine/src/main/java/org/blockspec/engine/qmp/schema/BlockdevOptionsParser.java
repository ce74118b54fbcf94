package org.blockspec.engine.qmp.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.graph.BlockdevOptions;
import org.blockspec.engine.graph.ChildSpec;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * Turns blockdev-add arguments (QMP JSON or command-line key=value) into
 * {@link BlockdevOptions}: QAPI's BlockdevOptions flat union, discriminated by
 * {@code driver}, with nested node definitions parsed recursively under dotted paths.
 */
public final class BlockdevOptionsParser {
    private static final OptionType CACHE = new OptionType.Struct("BlockdevCacheOptions", List.of(
            OptionField.optional("direct", OptionType.BOOL),
            OptionField.optional("no-flush", OptionType.BOOL)));

    private final DriverRegistry drivers;
    private final OptionType.Enum driverEnum;

    public BlockdevOptionsParser(DriverRegistry drivers) {
        this.drivers = drivers;
        List<String> names = new ArrayList<>();
        for (BlockDriverFactory f : drivers.all()) names.add(f.name());
        this.driverEnum = new OptionType.Enum("BlockdevDriver", names);
    }

    /** The members every driver has, in QAPI order. */
    private List<OptionField> base() {
        return List.of(
                OptionField.required("driver", driverEnum),
                OptionField.optional("node-name", OptionType.STR),
                OptionField.optional("discard", OptionType.enumOf("BlockdevDiscardOptions", "ignore", "unmap")),
                OptionField.optional("cache", CACHE),
                OptionField.optional("read-only", OptionType.BOOL),
                OptionField.optional("auto-read-only", OptionType.BOOL),
                OptionField.optional("force-share", OptionType.BOOL),
                OptionField.optional("detect-zeroes",
                        OptionType.enumOf("BlockdevDetectZeroesOptions", "off", "on", "unmap")));
    }

    public BlockdevOptions parse(JsonNode obj, boolean keyval) {
        if (!obj.isObject()) throw QmpError.generic("Invalid parameter type for 'null', expected: object");
        return parse(new QapiInput(keyval, null), obj, "");
    }

    /** One element of a list argument, e.g. blockdev-reopen's {@code options[0]}: errors name its path. */
    public BlockdevOptions parseElement(JsonNode obj, String path) {
        if (!obj.isObject()) throw QmpError.generic("Invalid parameter type for '" + path + "', expected: object");
        return parse(new QapiInput(false, null), obj, path + ".");
    }

    private BlockdevOptions parse(QapiInput outer, JsonNode obj, String prefix) {
        QapiInput in = new QapiInput(outer.keyval(), (type, v, path) -> nodeRef(outer.keyval(), type, v, path));
        Set<String> visited = new LinkedHashSet<>();
        Map<String, Object> common = in.members(base(), obj, prefix, visited);
        String driver = (String) common.get("driver");
        BlockDriverFactory factory = drivers.get(driver);
        Map<String, Object> own = in.members(factory.options(), obj, prefix, visited);
        in.checkUnexpected(obj, prefix, visited);

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, ChildSpec> children = new LinkedHashMap<>();
        Map<String, List<ChildSpec>> childLists = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : own.entrySet()) {
            switch (e.getValue()) {
                case ChildSpec c -> children.put(e.getKey(), c);
                case List<?> l when !l.isEmpty() && l.getFirst() instanceof ChildSpec -> {
                    List<ChildSpec> specs = new ArrayList<>();
                    for (Object o : l) specs.add((ChildSpec) o);
                    childLists.put(e.getKey(), specs);
                }
                default -> values.put(e.getKey(), e.getValue());
            }
        }
        OptionValues cache = (OptionValues) common.get("cache");
        BlockdevOptions.CacheOptions cacheOptions = cache == null ? null
                : new BlockdevOptions.CacheOptions(cache.bool("direct", false), cache.bool("no-flush", false));
        return new BlockdevOptions(driver, (String) common.get("node-name"), (Boolean) common.get("read-only"),
                (Boolean) common.get("force-share"), (Boolean) common.get("auto-read-only"), cacheOptions,
                (String) common.get("discard"), (String) common.get("detect-zeroes"),
                new OptionValues(values), children, childLists);
    }

    private Object nodeRef(boolean keyval, OptionType.NodeRef type, JsonNode v, String path) {
        // On the command line, backing=null means no backing, as in QEMU's keyval visitor.
        if (keyval && type.nullable() && v.isTextual() && v.textValue().equals("null")) return new ChildSpec.None();
        if (v.isTextual()) return new ChildSpec.Reference(v.textValue());
        if (v.isObject()) return new ChildSpec.Inline(parse(new QapiInput(keyval, null), v, path + "."));
        if (v.isNull() && type.nullable()) return new ChildSpec.None();
        throw QmpError.generic("Invalid parameter type for '" + path + "', expected: " + type.qapiName());
    }
}
