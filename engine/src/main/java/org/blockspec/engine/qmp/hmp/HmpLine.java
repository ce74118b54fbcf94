package org.blockspec.engine.qmp.hmp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HMP command line, read the way QEMU's monitor reads it: a command name (then perhaps a
 * sub-command name), then arguments described by an {@code args_type} string such as
 * {@code "qdev:-d,device:B,command:s"}: {@code -x} flags, strings ({@code s}) and block device
 * names ({@code B}), {@code ?} marking an optional one. Only double quotes group words.
 */
final class HmpLine {
    private final String line;
    private int p;
    private int nameEnd;

    HmpLine(String line) {
        this.line = line;
    }

    /** The next command word (up to white space or '/'), or null at the end of the line. */
    String commandName() {
        skipSpaces();
        if (p >= line.length()) return null;
        int start = p;
        while (p < line.length() && line.charAt(p) != '/' && !Character.isWhitespace(line.charAt(p))) p++;
        nameEnd = p;
        String name = line.substring(start, p);
        skipSpaces();
        return name;
    }

    /** The line from its start to the end of the last command word, as the monitor quotes it. */
    String quoted() {
        return line.substring(0, nameEnd);
    }

    boolean atEnd() {
        return p >= line.length();
    }

    /**
     * Parses the rest of the line against {@code argsType}: flags map to true when given,
     * strings to their text; an optional string that is absent is missing from the map.
     */
    Map<String, Object> arguments(String command, String argsType) throws HmpFailure {
        Map<String, Object> out = new HashMap<>();
        String[] specs = argsType.isEmpty() ? new String[0] : argsType.split(",");
        for (int i = 0; i < specs.length; i++) {
            String key = specs[i].substring(0, specs[i].indexOf(':'));
            String type = specs[i].substring(specs[i].indexOf(':') + 1);
            if (type.startsWith("-")) {
                flag(command, key, type.charAt(1), specs, i, out);
                continue;
            }
            skipSpaces();
            if (type.endsWith("?") && atEnd()) continue;
            List<String> complaints = new ArrayList<>();
            String value = string(complaints);
            if (value == null) {
                complaints.add(command + ": " + (type.startsWith("B") ? "block device name expected" : "string expected"));
                throw failure(complaints);
            }
            out.put(key, value);
        }
        skipSpaces();
        if (!atEnd()) throw failure(List.of(command + ": extraneous characters at the end of line"));
        return out;
    }

    private void flag(String command, String key, char letter, String[] specs, int i, Map<String, Object> out)
            throws HmpFailure {
        int before = p;
        skipSpaces();
        if (p >= line.length() || line.charAt(p) != '-') return;
        char given = p + 1 < line.length() ? line.charAt(p + 1) : '\0';
        if (given == letter) {
            p += 2;
            out.put(key, true);
            return;
        }
        // Another flag of this command, later in its list: leave it for that one.
        for (int j = i + 1; j < specs.length; j++) {
            if (specs[j].endsWith(":-" + given)) {
                p = before;
                return;
            }
        }
        throw failure(List.of(command + ": unsupported option -" + given));
    }

    /** QEMU's get_str: a quoted string with C escapes, or a word; null (with complaints) when there is none. */
    private String string(List<String> complaints) {
        skipSpaces();
        if (atEnd()) return null;
        StringBuilder s = new StringBuilder();
        if (line.charAt(p) != '"') {
            while (p < line.length() && !Character.isWhitespace(line.charAt(p))) s.append(line.charAt(p++));
            return s.toString();
        }
        p++;
        while (p < line.length() && line.charAt(p) != '"') {
            char c = line.charAt(p++);
            if (c == '\\' && p < line.length()) {
                char e = line.charAt(p++);
                switch (e) {
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case '\\', '\'', '"' -> s.append(e);
                    default -> {
                        complaints.add("unsupported escape code: '\\" + e + "'");
                        return null;
                    }
                }
            } else {
                s.append(c);
            }
        }
        if (atEnd()) {
            complaints.add("unterminated string");
            return null;
        }
        p++;
        return s.toString();
    }

    private HmpFailure failure(List<String> complaints) {
        List<String> lines = new ArrayList<>(complaints);
        lines.add("Try \"help " + quoted() + "\" for more information");
        return new HmpFailure(lines);
    }

    private void skipSpaces() {
        while (p < line.length() && Character.isWhitespace(line.charAt(p))) p++;
    }
}
