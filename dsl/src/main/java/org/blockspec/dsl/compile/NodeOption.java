package org.blockspec.dsl.compile;

import java.util.List;

import org.blockspec.dsl.model.SourcePos;

/** One option of a node, device or image step: {@code key=value} or a child {@code key={ driver key=value ... }}. */
public sealed interface NodeOption {
    Word key();

    record Value(Word key, Word value) implements NodeOption {
    }

    /** @param pos where the nested definition is written */
    record Nested(Word key, Word driver, List<NodeOption> options, SourcePos pos) implements NodeOption {
    }
}
