package org.blockspec.dsl.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One runnable scenario: a scenario of a file with one binding of its variant parameters,
 * the background's steps first.
 *
 * @param name    the title, plus the binding for variants ({@code title [fmt=raw, share=on]})
 * @param binding   variant parameter values, empty for plain scenarios
 * @param realClock the scenario asked for the real clock ({@code clock real}); virtual otherwise
 */
public record Scenario(Path file, String title, String name, List<String> tags, Map<String, String> binding,
                       SourcePos pos, List<Step> steps, boolean realClock) {
}
