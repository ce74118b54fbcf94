package org.blockspec.dsl.model;

/** What a step that talks to the engine must lead to. */
public sealed interface Outcome {
    /** The command succeeds; its reply does not matter. */
    record Success() implements Outcome {
    }

    /** The command succeeds and its {@code return} matches (objects partially). */
    record Returns(JsonPattern value) implements Outcome {
    }

    /**
     * The command fails: QMP error class (null: any) and description; for qemu-io steps the
     * description is matched against the monitor's reply and qemu-io's output lines.
     */
    record Fails(String errorClass, TextMatcher desc, SourcePos pos) implements Outcome {
    }

    Outcome SUCCESS = new Success();
}
