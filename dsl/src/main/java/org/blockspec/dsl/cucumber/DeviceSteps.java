package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.List;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;

import org.blockspec.dsl.compile.NodeOption;
import org.blockspec.dsl.compile.Word;

/** Guest devices (virtio-blk-pci) that root the graph; unplugging waits for DEVICE_DELETED. */
public final class DeviceSteps {
    private final BlockWorld world;

    public DeviceSteps(BlockWorld world) {
        this.world = world;
    }

    @Given("a {model} device {device} on {node}")
    public void device(Word model, Word device, Word node) {
        world.build(t -> t.steps().device(t.origin(), device, model, List.of(drive(node))));
    }

    /** Device properties in short form, e.g. share-rw=on. */
    @Given("a {model} device {device} on {node} with {options}")
    public void deviceWith(Word model, Word device, Word node, Word options) {
        world.build(t -> {
            List<NodeOption> props = new ArrayList<>();
            props.add(drive(node));
            props.addAll(t.fragments().options(options));
            t.steps().device(t.origin(), device, model, props);
        });
    }

    @When("device {device} is unplugged")
    public void unplug(Word device) {
        world.build(t -> t.steps().deleteDevice(t.origin(), device));
    }

    private static NodeOption drive(Word node) {
        return new NodeOption.Value(Word.of("drive", node.pos()), node);
    }
}
