package org.blockspec.dsl.cucumber;

import java.util.List;

import io.cucumber.java.en.Then;

import org.blockspec.dsl.compile.Word;

/**
 * The OFD locks on an image file as any other process finds them: the permissions somebody
 * holds (bytes 100 + bit) and those somebody does not share (bytes 200 + bit).
 */
public final class LockSteps {
    private final BlockWorld world;

    public LockSteps(BlockWorld world) {
        this.world = world;
    }

    @Then("the locks on {image} hold {perms} and unshare {perms}")
    public void locks(Word image, List<Word> held, List<Word> unshared) {
        world.build(t -> t.steps().expectLocks(t.origin(), image, held, unshared));
    }

    @Then("{image} is not locked")
    public void unlocked(Word image) {
        world.build(t -> t.steps().expectLocks(t.origin(), image, List.of(), List.of()));
    }
}
