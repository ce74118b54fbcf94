package org.blockspec.dsl.cucumber;

import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;

/** Brackets each scenario Cucumber runs: compiled before its first step, its engines closed after the last. */
public final class Hooks {
    private final BlockWorld world;

    public Hooks(BlockWorld world) {
        this.world = world;
    }

    @Before
    public void compile(Scenario scenario) {
        world.begin(scenario);
    }

    @After
    public void close() {
        world.end();
    }
}
