package org.blockspec.engine.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Driver options after validation against the driver's schema: every value already has its
 * declared type (String, Long, Boolean, nested OptionValues, List). Drivers turn these into
 * their own record in open and never see JSON or strings past that point. Child references
 * are not here; drivers open children through {@link OpenContext}. Stable SPI.
 */
public final class OptionValues {
    public static final OptionValues EMPTY = new OptionValues(Map.of());

    private final Map<String, Object> values;

    public OptionValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String name) { return values.containsKey(name); }

    public Set<String> names() { return values.keySet(); }

    public Object raw(String name) { return values.get(name); }

    public String string(String name) {
        return (String) require(name);
    }

    public Optional<String> optString(String name) {
        return Optional.ofNullable((String) values.get(name));
    }

    public long integer(String name) {
        return (Long) require(name);
    }

    public OptionalLong optInteger(String name) {
        Object v = values.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of((Long) v);
    }

    public boolean bool(String name, boolean dflt) {
        Object v = values.get(name);
        return v == null ? dflt : (Boolean) v;
    }

    public String enumValue(String name, String dflt) {
        Object v = values.get(name);
        return v == null ? dflt : (String) v;
    }

    public OptionValues struct(String name) {
        Object v = values.get(name);
        return v == null ? EMPTY : (OptionValues) v;
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<Object>) v;
    }

    /** A plain map copy, nested structs as maps too, for json: pseudo-filenames and queries. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(Object v) {
        if (v instanceof OptionValues o) return o.toMap();
        if (v instanceof List<?> l) return l.stream().map(OptionValues::plain).toList();
        return v;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalStateException("option '" + name + "' was validated as present");
        return v;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
