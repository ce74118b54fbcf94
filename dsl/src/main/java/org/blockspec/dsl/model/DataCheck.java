package org.blockspec.dsl.model;

/** What {@code expect data} requires of the bytes. */
public sealed interface DataCheck {
    record Pattern(int value) implements DataCheck {
    }

    record Zeroes() implements DataCheck {
    }

    record SameAs(IoTarget other) implements DataCheck {
    }
}
