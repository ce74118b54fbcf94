package org.blockspec.dsl.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON value with holes: {@code any}, {@code any number}, {@code any string},
 * {@code matches "regex"}. Objects match partially (listed members must match, others may
 * exist); arrays match element by element and must have the same length.
 */
public sealed interface JsonPattern {
    /** Null when {@code actual} matches; else a short description of the first mismatch. */
    String mismatch(JsonNode actual, String path);

    record Literal(JsonNode value) implements JsonPattern {
        @Override public String mismatch(JsonNode actual, String path) {
            if (actual == null) return path + ": missing, expected " + value;
            boolean same = value.isIntegralNumber() && actual.isIntegralNumber()
                    ? value.longValue() == actual.longValue() : value.equals(actual);
            return same ? null : path + ": expected " + value + ", got " + actual;
        }

        @Override public String toString() { return value.toString(); }
    }

    record Any() implements JsonPattern {
        @Override public String mismatch(JsonNode actual, String path) {
            return actual == null ? path + ": missing" : null;
        }

        @Override public String toString() { return "any"; }
    }

    record AnyNumber() implements JsonPattern {
        @Override public String mismatch(JsonNode actual, String path) {
            return actual != null && actual.isNumber() ? null : path + ": expected any number, got " + actual;
        }

        @Override public String toString() { return "any number"; }
    }

    record AnyString() implements JsonPattern {
        @Override public String mismatch(JsonNode actual, String path) {
            return actual != null && actual.isTextual() ? null : path + ": expected any string, got " + actual;
        }

        @Override public String toString() { return "any string"; }
    }

    record Matches(TextMatcher.Regex regex) implements JsonPattern {
        @Override public String mismatch(JsonNode actual, String path) {
            return actual != null && actual.isTextual() && regex.matches(actual.textValue()) ? null
                    : path + ": expected a string that " + regex + ", got " + actual;
        }

        @Override public String toString() { return regex.toString(); }
    }

    record Obj(Map<String, JsonPattern> members) implements JsonPattern {
        public Obj {
            members = new LinkedHashMap<>(members);
        }

        @Override public String mismatch(JsonNode actual, String path) {
            if (actual == null || !actual.isObject()) return path + ": expected an object, got " + actual;
            for (Map.Entry<String, JsonPattern> m : members.entrySet()) {
                String r = m.getValue().mismatch(actual.get(m.getKey()), path + "." + m.getKey());
                if (r != null) return r;
            }
            return null;
        }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonPattern>> it = members.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                sb.append('"').append(e.getKey()).append("\": ").append(e.getValue());
                if (it.hasNext()) sb.append(", ");
            }
            return sb.append('}').toString();
        }
    }

    record Arr(List<JsonPattern> elements) implements JsonPattern {
        public Arr {
            elements = new ArrayList<>(elements);
        }

        @Override public String mismatch(JsonNode actual, String path) {
            if (actual == null || !actual.isArray()) return path + ": expected an array, got " + actual;
            if (actual.size() != elements.size()) {
                return path + ": expected " + elements.size() + " elements, got " + actual.size();
            }
            for (int i = 0; i < elements.size(); i++) {
                String r = elements.get(i).mismatch(actual.get(i), path + "[" + i + "]");
                if (r != null) return r;
            }
            return null;
        }

        @Override public String toString() { return elements.toString(); }
    }
}
