package org.blockspec.dsl.compile;

/** What a data check requires, as written: a pattern byte, zeroes, or the bytes of another target. */
public sealed interface DataExpectation {
    record Pattern(Word value) implements DataExpectation {
    }

    record Zeroes() implements DataExpectation {
    }

    record SameAs(Word other) implements DataExpectation {
    }
}
