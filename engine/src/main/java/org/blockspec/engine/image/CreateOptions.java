package org.blockspec.engine.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.qmp.schema.SizeSuffix;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.CreateOption;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * The -o option list of image creation (QEMU's QemuOpts over the format's and the
 * protocol's create options): {@code key=value,...} with {@code ,,} for a comma, typed as
 * the drivers declare, with QEMU's error messages. Keeps what was given for printing.
 */
public final class CreateOptions {
    private final List<CreateOption> schema;
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** The format's options, then the protocol's that the format does not have. */
    public CreateOptions(List<CreateOption> format, List<CreateOption> protocol) {
        List<CreateOption> all = new ArrayList<>(format);
        for (CreateOption p : protocol) {
            if (all.stream().noneMatch(o -> o.name().equals(p.name()))) all.add(p);
        }
        this.schema = List.copyOf(all);
    }

    public List<CreateOption> schema() { return schema; }

    /** QEMU's is_valid_option_list: no empty list, no empty element. */
    public static boolean validList(String text) {
        if (text.isEmpty()) return false;
        List<String> parts = split(text);
        for (String p : parts) if (p.isEmpty()) return false;
        return true;
    }

    /** QEMU's has_help_option. */
    public static boolean asksForHelp(String text) {
        for (String p : split(text)) if (p.equals("help") || p.equals("?")) return true;
        return false;
    }

    public void parse(String text) throws BlockException {
        for (String item : split(text)) {
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq);
            String value = eq < 0 ? "on" : item.substring(eq + 1);
            CreateOption o = find(name);
            if (o == null) throw new BlockException("Invalid parameter '" + name + "'");
            values.put(name, typed(o, value));
        }
    }

    private static Object typed(CreateOption o, String value) throws BlockException {
        return switch (o.type()) {
            case OptionType.Size s -> {
                try {
                    long v = SizeSuffix.parse(value);
                    if (v < 0) throw new NumberFormatException();
                    yield v;
                } catch (RuntimeException e) {
                    throw new BlockException("Parameter '" + o.name() + "' expects a non-negative number below 2^64\n"
                            + "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, peta-\n"
                            + "and exabytes, respectively.\n");
                }
            }
            case OptionType.Int i -> {
                try {
                    yield Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new BlockException("Parameter '" + o.name() + "' expects a number");
                }
            }
            case OptionType.Bool b -> switch (value) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new BlockException("Parameter '" + o.name() + "' expects 'on' or 'off'");
            };
            default -> value;
        };
    }

    private CreateOption find(String name) {
        for (CreateOption o : schema) if (o.name().equals(name)) return o;
        return null;
    }

    /** The value an option list (key=value,...; may be null) gives {@code name}, or null. */
    public static String valueIn(String text, String name) {
        if (text == null) return null;
        String found = null;
        for (String item : split(text)) {
            int eq = item.indexOf('=');
            if (eq > 0 && item.substring(0, eq).equals(name)) found = item.substring(eq + 1);
        }
        return found;
    }

    public boolean has(String name) { return values.containsKey(name); }

    public void set(String name, Object value) {
        values.put(name, value);
    }

    public Object get(String name) { return values.get(name); }

    /** The values a driver declared, as it receives them. */
    public OptionValues forDriver(List<CreateOption> declared, List<String> exclude) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (CreateOption o : declared) {
            if (values.containsKey(o.name()) && !exclude.contains(o.name())) out.put(o.name(), values.get(o.name()));
        }
        return new OptionValues(out);
    }

    /** QEMU's qemu_opts_print: every option that is set or has a default, in list order. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (CreateOption o : schema) {
            Object v = values.get(o.name());
            String text = v == null ? o.defaultValue() : v instanceof Boolean b ? (b ? "on" : "off") : v.toString();
            if (text != null) parts.add(o.name() + "=" + text.replace(",", ",,"));
        }
        return String.join(" ", parts);
    }

    /** QEMU's qemu_opts_print_help: sorted by name, one line each. */
    public static String help(List<CreateOption> options) {
        StringBuilder s = new StringBuilder();
        options.stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(o -> {
            String head = o.name() + "=<" + typeName(o.type()) + ">";
            s.append(String.format("  %-22s - %s%n", head, o.help()));
        });
        return s.toString();
    }

    private static String typeName(OptionType t) {
        return switch (t) {
            case OptionType.Size s -> "size";
            case OptionType.Int i -> "num";
            case OptionType.Bool b -> "bool (on/off)";
            default -> "str";
        };
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                if (i + 1 < text.length() && text.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
