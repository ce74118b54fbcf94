package org.blockspec.engine.qmp.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * Validates input against QAPI types the way QEMU's QObject input visitor does, with its
 * messages and in its order: members in schema order (missing and mistyped ones reported
 * when reached), unexpected members after the struct's own. Names in messages are full
 * paths ({@code file.filename}, {@code children[0]}), except enum values, which QEMU reports
 * by bare member name.
 *
 * <p>Two modes: JSON (QMP; scalars must have the right JSON type) and keyval (command-line
 * {@code key=value}; every scalar is a string converted per type).
 */
public class QapiInput {
    /** Handles BlockdevRef members; the blockdev parser supplies one. */
    public interface NodeRefHandler {
        Object nodeRef(OptionType.NodeRef type, JsonNode value, String path);
    }

    private final boolean keyval;
    private final NodeRefHandler nodeRefs;

    public QapiInput(boolean keyval, NodeRefHandler nodeRefs) {
        this.keyval = keyval;
        this.nodeRefs = nodeRefs;
    }

    public boolean keyval() { return keyval; }

    /**
     * Visits the members of a struct. Returns converted values by member name; visited keys
     * are added to {@code visited}. The caller checks for unexpected members once every part
     * of the struct (base and variant) was visited.
     */
    public Map<String, Object> members(List<OptionField> fields, JsonNode obj, String prefix, Set<String> visited) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionField f : fields) {
            visited.add(f.name());
            JsonNode v = obj.get(f.name());
            String path = prefix + f.name();
            if (v == null) {
                if (!f.optional()) throw QmpError.generic("Parameter '" + path + "' is missing");
                continue;
            }
            out.put(f.name(), value(f.type(), v, path, f.name()));
        }
        return out;
    }

    /** Fails on the first member of {@code obj} that no visited part of the struct declared. */
    public void checkUnexpected(JsonNode obj, String prefix, Set<String> visited) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!visited.contains(k)) throw QmpError.generic("Parameter '" + prefix + k + "' is unexpected");
        }
    }

    /** A whole struct: members, then the unexpected check. */
    public Map<String, Object> struct(List<OptionField> fields, JsonNode obj, String prefix) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, Object> out = members(fields, obj, prefix, visited);
        checkUnexpected(obj, prefix, visited);
        return out;
    }

    public Object value(OptionType type, JsonNode v, String path, String name) {
        return switch (type) {
            case OptionType.Str s -> string(v, path);
            case OptionType.Int i -> i.bounded() ? bounded(i, v, path) : integer(v, path, false);
            case OptionType.Size s -> integer(v, path, true);
            case OptionType.Bool b -> bool(v, path);
            case OptionType.Enum e -> enumValue(e, v, path, name);
            case OptionType.Struct st -> {
                if (!v.isObject()) throw typeError(path, st);
                yield new OptionValues(struct(st.fields(), v, path + "."));
            }
            case OptionType.Union u -> {
                if (!v.isObject()) throw typeError(path, u);
                yield new OptionValues(union(u, v, path + "."));
            }
            case OptionType.ListOf l -> list(l, v, path);
            case OptionType.AnyValue a -> v;
            case OptionType.NodeRef r -> {
                if (nodeRefs == null) throw new IllegalStateException("no handler for " + path);
                yield nodeRefs.nodeRef(r, v, path);
            }
        };
    }

    /** A flat union: base members, then the chosen variant's, then the unexpected check. */
    public Map<String, Object> union(OptionType.Union u, JsonNode obj, String prefix) {
        Set<String> visited = new LinkedHashSet<>();
        Map<String, Object> out = members(u.base(), obj, prefix, visited);
        List<OptionField> variant = u.variants().get((String) out.get(u.discriminator()));
        if (variant != null) out.putAll(members(variant, obj, prefix, visited));
        checkUnexpected(obj, prefix, visited);
        return out;
    }

    public QmpError typeError(String path, OptionType type) {
        return QmpError.generic("Invalid parameter type for '" + path + "', expected: " + type.qapiName());
    }

    private String string(JsonNode v, String path) {
        if (!v.isTextual()) throw typeError(path, OptionType.STR);
        return v.textValue();
    }

    private Long integer(JsonNode v, String path, boolean size) {
        if (keyval) {
            if (!v.isTextual()) throw typeError(path, OptionType.INT);
            String s = v.textValue();
            try {
                long n = size ? SizeSuffix.parse(s) : Long.decode(s);
                if (size && n < 0) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw QmpError.generic("Parameter '" + path + "' expects " + (size ? "a size value" : "integer"));
            }
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw typeError(path, OptionType.INT);
        long n = v.longValue();
        if (size && n < 0) throw typeError(path, OptionType.SIZE);
        return n;
    }

    /** A narrower integer: visited as a 64-bit one (unsigned ones accept any uint64), then range-checked. */
    private Long bounded(OptionType.Int t, JsonNode v, String path) {
        java.math.BigInteger n;
        if (keyval) {
            n = java.math.BigInteger.valueOf(integer(v, path, false));
        } else {
            if (!v.isIntegralNumber()) throw typeError(path, t);
            n = v.bigIntegerValue();
            boolean unsigned = t.min() >= 0;
            java.math.BigInteger lo = unsigned ? java.math.BigInteger.valueOf(Long.MIN_VALUE) : java.math.BigInteger.valueOf(Long.MIN_VALUE);
            java.math.BigInteger hi = unsigned ? java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE)
                    : java.math.BigInteger.valueOf(Long.MAX_VALUE);
            if (n.compareTo(lo) < 0 || n.compareTo(hi) > 0) throw typeError(path, t);
            if (unsigned && n.signum() < 0) n = n.add(java.math.BigInteger.ONE.shiftLeft(64));
        }
        if (n.compareTo(java.math.BigInteger.valueOf(t.min())) < 0 || n.compareTo(java.math.BigInteger.valueOf(t.max())) > 0) {
            throw QmpError.generic("Parameter '" + path + "' expects " + t.cName());
        }
        return n.longValue();
    }

    private Boolean bool(JsonNode v, String path) {
        if (keyval) {
            if (v.isTextual()) {
                Boolean b = parseOnOff(v.textValue());
                if (b != null) return b;
                throw QmpError.generic("Parameter '" + path + "' expects 'on' or 'off'");
            }
            throw typeError(path, OptionType.BOOL);
        }
        if (!v.isBoolean()) throw typeError(path, OptionType.BOOL);
        return v.booleanValue();
    }

    /** QEMU's qapi_bool_parse spellings. */
    public static Boolean parseOnOff(String s) {
        return switch (s) {
            case "on", "yes", "true", "y" -> Boolean.TRUE;
            case "off", "no", "false", "n" -> Boolean.FALSE;
            default -> null;
        };
    }

    private String enumValue(OptionType.Enum e, JsonNode v, String path, String name) {
        if (!v.isTextual()) throw typeError(path, e);
        String s = v.textValue();
        if (!e.values().contains(s)) {
            throw QmpError.generic("Parameter '" + name + "' does not accept value '" + s + "'");
        }
        return s;
    }

    private List<Object> list(OptionType.ListOf l, JsonNode v, String path) {
        List<Object> out = new ArrayList<>();
        if (keyval && v.isObject()) {
            // key=value lists arrive as objects keyed 0, 1, 2 ...
            for (int i = 0; v.has(Integer.toString(i)); i++) {
                out.add(value(l.element(), v.get(Integer.toString(i)), path + "." + i, "null"));
            }
            return out;
        }
        if (!v.isArray()) throw typeError(path, l);
        for (int i = 0; i < v.size(); i++) {
            // QEMU visits list elements without a name, so enum errors say 'null'.
            out.add(value(l.element(), v.get(i), path + "[" + i + "]", "null"));
        }
        return out;
    }
}
