package org.blockspec.engine.spi;

import java.util.List;

/**
 * The QAPI types a driver option can have. The engine validates QMP arguments and
 * command-line key=value options against them and reports QEMU's messages, naming
 * {@link #qapiName()} in "expected: ..." texts. Stable SPI.
 */
public sealed interface OptionType {
    /** Name used in "Invalid parameter type for 'x', expected: NAME". */
    String qapiName();

    record Str() implements OptionType {
        @Override public String qapiName() { return "string"; }
    }

    /**
     * A signed 64-bit integer (QAPI 'int'), or a narrower QAPI integer type: values outside
     * {@code [min, max]} are refused as {@code Parameter 'x' expects CNAME} (e.g. uint32_t).
     * An unsigned type takes negative JSON numbers as QEMU does, as huge values.
     */
    record Int(long min, long max, String cName) implements OptionType {
        @Override public String qapiName() { return "integer"; }

        public boolean bounded() { return cName != null; }
    }

    /** An unsigned 64-bit byte count (QAPI 'size'); values above 2^63-1 are refused. */
    record Size() implements OptionType {
        @Override public String qapiName() { return "integer"; }
    }

    record Bool() implements OptionType {
        @Override public String qapiName() { return "boolean"; }
    }

    /** An enumeration; QEMU visits it as a string first, hence "expected: string". */
    record Enum(String typeName, List<String> values) implements OptionType {
        public Enum {
            values = List.copyOf(values);
        }

        @Override public String qapiName() { return "string"; }
    }

    record Struct(String typeName, List<OptionField> fields) implements OptionType {
        public Struct {
            fields = List.copyOf(fields);
        }

        @Override public String qapiName() { return "object"; }
    }

    /** A child node: a string names an existing node, an object describes a new one. */
    record NodeRef(boolean nullable) implements OptionType {
        @Override public String qapiName() { return nullable ? "BlockdevRefOrNull" : "BlockdevRef"; }
    }

    /**
     * A flat union (QAPI): common members, among them the enum {@code discriminator}, then
     * the members of the variant it names. A value is OptionValues holding both.
     */
    record Union(String typeName, List<OptionField> base, String discriminator,
                 java.util.Map<String, List<OptionField>> variants) implements OptionType {
        public Union {
            base = List.copyOf(base);
            variants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variants));
        }

        @Override public String qapiName() { return "object"; }
    }

    record ListOf(OptionType element) implements OptionType {
        @Override public String qapiName() { return "array"; }
    }

    /** Any JSON value (QAPI 'any'), kept as it came. */
    record AnyValue() implements OptionType {
        @Override public String qapiName() { return "any"; }
    }

    OptionType STR = new Str();
    OptionType INT = new Int(Long.MIN_VALUE, Long.MAX_VALUE, null);
    /** QAPI 'uint32'. */
    OptionType UINT32 = new Int(0, 0xffff_ffffL, "uint32_t");
    OptionType SIZE = new Size();
    OptionType BOOL = new Bool();
    OptionType NODE_REF = new NodeRef(false);
    OptionType NODE_REF_OR_NULL = new NodeRef(true);
    OptionType ANY = new AnyValue();

    static OptionType enumOf(String typeName, String... values) {
        return new Enum(typeName, List.of(values));
    }
}
