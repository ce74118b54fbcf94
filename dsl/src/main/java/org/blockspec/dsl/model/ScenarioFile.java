package org.blockspec.dsl.model;

import java.nio.file.Path;
import java.util.List;

/** A compiled {@code .scenario} file: its optional feature title and tags, and its scenarios. */
public record ScenarioFile(Path path, String feature, List<String> tags, List<Scenario> scenarios) {
}
