package org.blockspec.dsl.cucumber;

import java.util.List;

import org.blockspec.dsl.compile.StepBuilder;
import org.blockspec.dsl.model.Scenario;

/**
 * One pickle (a scenario, or an example row of an outline) as model steps, and for each model
 * step the index of the Gherkin step that runs it and of the one that reports its verdict
 * ({@code Then it fails with ...} reports on the step before it).
 */
public record CompiledScenario(Scenario scenario, List<StepBuilder.Placement> placements) {
}
