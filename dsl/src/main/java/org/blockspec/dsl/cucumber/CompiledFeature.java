package org.blockspec.dsl.cucumber;

import java.util.List;

import org.blockspec.dsl.model.ScenarioFile;

/** A compiled {@code .feature} file: the model, and for each scenario where its steps came from. */
public record CompiledFeature(ScenarioFile model, List<CompiledScenario> scenarios) {
}
