package org.blockspec.dsl.cucumber;

import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

/** Compiles each scenario Cucumber runs before its first step (its world closes its engines when disposed). */
public final class Hooks {
    private final BlockWorld world;

    public Hooks(BlockWorld world) {
        this.world = world;
    }

    @Before
    public void compile(Scenario scenario) {
        world.begin(scenario);
    }
}
