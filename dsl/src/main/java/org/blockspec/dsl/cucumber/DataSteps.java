package org.blockspec.dsl.cucumber;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import org.blockspec.dsl.compile.DataExpectation;
import org.blockspec.dsl.compile.Word;

/**
 * Data through a guest device (its backend) or a node: qemu-io commands to write, and checks
 * of what reads back; a mismatch names the first differing offset.
 */
public final class DataSteps {
    private final BlockWorld world;

    public DataSteps(BlockWorld world) {
        this.world = world;
    }

    @When("pattern {pattern} is written to {target} at {size} for {size}")
    public void writePattern(Word pattern, Word target, Word offset, Word length) {
        io(target, "write -P " + pattern.text() + " " + offset.text() + " " + length.text());
    }

    @When("zeroes are written to {target} at {size} for {size}")
    public void writeZeroes(Word target, Word offset, Word length) {
        io(target, "write -z " + offset.text() + " " + length.text());
    }

    @When("{target} is read at {size} for {size}")
    public void read(Word target, Word offset, Word length) {
        io(target, "read " + offset.text() + " " + length.text());
    }

    @When("{target} is discarded at {size} for {size}")
    public void discard(Word target, Word offset, Word length) {
        io(target, "discard " + offset.text() + " " + length.text());
    }

    @When("{target} is flushed")
    public void flush(Word target) {
        io(target, "flush");
    }

    /** Any qemu-io command, as qemu-io's -c takes it. */
    @When("qemu-io runs {text} on {target}")
    public void qemuIo(Word command, Word target) {
        io(target, command.text());
    }

    private void io(Word target, String command) {
        world.build(t -> t.steps().io(t.origin(), target, command));
    }

    @Then("{target} reads pattern {pattern} at {size} for {size}")
    public void readsPattern(Word target, Word pattern, Word offset, Word length) {
        check(target, offset, length, new DataExpectation.Pattern(pattern));
    }

    @Then("{target} reads pattern {pattern}")
    public void readsPatternEverywhere(Word target, Word pattern) {
        check(target, null, null, new DataExpectation.Pattern(pattern));
    }

    @Then("{target} reads zeroes at {size} for {size}")
    public void readsZeroes(Word target, Word offset, Word length) {
        check(target, offset, length, new DataExpectation.Zeroes());
    }

    @Then("{target} reads zeroes")
    public void readsZeroesEverywhere(Word target) {
        check(target, null, null, new DataExpectation.Zeroes());
    }

    @Then("{target} reads the same as {target} at {size} for {size}")
    public void readsSame(Word target, Word other, Word offset, Word length) {
        check(target, offset, length, new DataExpectation.SameAs(other));
    }

    @Then("{target} reads the same as {target}")
    public void readsSameEverywhere(Word target, Word other) {
        check(target, null, null, new DataExpectation.SameAs(other));
    }

    private void check(Word target, Word offset, Word length, DataExpectation expectation) {
        world.build(t -> t.steps().expectData(t.origin(), target, offset, length, expectation));
    }
}
