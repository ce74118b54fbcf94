package org.blockspec.dsl.model;

import java.util.regex.Pattern;

/** A string expectation: exact text, or a regular expression that must match the whole text. */
public sealed interface TextMatcher {
    boolean matches(String actual);

    record Exact(String text) implements TextMatcher {
        @Override public boolean matches(String actual) { return text.equals(actual); }

        @Override public String toString() { return '"' + text + '"'; }
    }

    record Regex(Pattern pattern) implements TextMatcher {
        @Override public boolean matches(String actual) { return pattern.matcher(actual).matches(); }

        @Override public String toString() { return "matches \"" + pattern.pattern() + '"'; }
    }
}
