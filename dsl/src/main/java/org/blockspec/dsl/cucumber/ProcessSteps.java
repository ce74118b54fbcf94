package org.blockspec.dsl.cucumber;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;

import org.blockspec.dsl.compile.Word;

/**
 * Processes and the clock. A process is one engine instance, as a second QEMU would be: its
 * own graph, devices and image locks. The steps after {@code in process NAME} run there.
 */
public final class ProcessSteps {
    private final BlockWorld world;

    public ProcessSteps(BlockWorld world) {
        this.world = world;
    }

    @Given("in process {process}")
    public void inProcess(Word process) {
        world.build(t -> t.switchTo(process.text()));
    }

    @Given("back in the main process")
    public void backInMain() {
        world.build(t -> t.switchTo("main"));
    }

    /** Throttling and rate limits then take real time; the default virtual clock runs them instantly. */
    @Given("the scenario runs on the real clock")
    public void realClock() {
        world.build(t -> t.steps().clock(t.origin(), Word.of("real", t.origin().pos())));
    }

    /** Since the scenario started or the previous check: exact on the virtual clock, at least on the real one. */
    @Then("the clock moved {duration}")
    public void elapsed(Word duration) {
        world.build(t -> t.steps().expectElapsed(t.origin(), duration));
    }
}
