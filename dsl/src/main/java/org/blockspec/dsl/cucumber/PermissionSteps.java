package org.blockspec.dsl.cucumber;

import java.util.List;

import io.cucumber.java.en.Then;

import org.blockspec.dsl.compile.Word;

/**
 * What an edge takes (requires) and shares with the node's other parents, in QMP's names:
 * consistent-read, write, write-unchanged, resize.
 */
public final class PermissionSteps {
    private final BlockWorld world;

    public PermissionSteps(BlockWorld world) {
        this.world = world;
    }

    @Then("the edge {ref} -> {ref} requires {perms} and shares {perms}")
    public void edge(Word parent, Word child, List<Word> required, List<Word> shared) {
        world.build(t -> t.steps().expectPerms(t.origin(), parent, child, required, shared));
    }

    /** All parents of the node together. */
    @Then("the parents of {ref} require {perms} and share {perms}")
    public void parents(Word node, List<Word> required, List<Word> shared) {
        world.build(t -> t.steps().expectPerms(t.origin(), node, null, required, shared));
    }
}
