package org.blockspec.dsl.cucumber;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cucumber.java.en.When;

import org.blockspec.dsl.compile.Word;

/** External snapshots: an overlay takes over the parents of a node and gets it as its backing image. */
public final class SnapshotSteps {
    private final BlockWorld world;

    public SnapshotSteps(BlockWorld world) {
        this.world = world;
    }

    /** blockdev-snapshot-sync: creates the qcow2 overlay image naming the node's image as its backing file. */
    @When("a snapshot of {node} is taken into {image} as {node}")
    public void snapshotSync(Word node, Word image, Word overlay) {
        world.build(t -> {
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.put("node-name", node.text());
            args.put("snapshot-file", "$DIR/" + image.text());
            args.put("snapshot-node-name", overlay.text());
            t.steps().qmp(t.origin(), Word.of("blockdev-snapshot-sync", t.origin().pos()), args);
        });
    }

    /** blockdev-snapshot of an overlay added before. */
    @When("node {node} becomes the overlay of {node}")
    public void snapshot(Word overlay, Word node) {
        world.build(t -> {
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            args.put("node", node.text());
            args.put("overlay", overlay.text());
            t.steps().qmp(t.origin(), Word.of("blockdev-snapshot", t.origin().pos()), args);
        });
    }
}
