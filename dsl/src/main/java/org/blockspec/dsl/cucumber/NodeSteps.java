package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.List;

import io.cucumber.datatable.DataTable;
import io.cucumber.docstring.DocString;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;

import org.blockspec.dsl.compile.NodeOption;
import org.blockspec.dsl.compile.Word;

/** Nodes: blockdev-add in short form, as a table or as JSON; blockdev-del; blockdev-reopen. */
public final class NodeSteps {
    private final BlockWorld world;

    public NodeSteps(BlockWorld world) {
        this.world = world;
    }

    @Given("a {driver} node {node}")
    public void node(Word driver, Word node) {
        world.build(t -> t.steps().node(t.origin(), node, driver, List.of()));
    }

    @Given("a {driver} node {node} with {options}")
    public void nodeWith(Word driver, Word node, Word options) {
        world.build(t -> t.steps().node(t.origin(), node, driver, t.fragments().options(options)));
    }

    /** The child is the node's {@code file}: a format or filter node on a protocol node. */
    @Given("a {driver} node {node} on {node}")
    public void nodeOn(Word driver, Word node, Word file) {
        world.build(t -> t.steps().node(t.origin(), node, driver, List.of(fileChild(file))));
    }

    @Given("a {driver} node {node} on {node} with {options}")
    public void nodeOnWith(Word driver, Word node, Word file, Word options) {
        world.build(t -> t.steps().node(t.origin(), node, driver, with(fileChild(file), t.fragments().options(options))));
    }

    /** A format node with a file node of its own (generated name, found as NODE/file). */
    @Given("a {driver} node {node} on image {image}")
    public void nodeOnImage(Word driver, Word node, Word image) {
        world.build(t -> t.steps().node(t.origin(), node, driver, List.of(fileNode(image))));
    }

    @Given("a {driver} node {node} on image {image} with {options}")
    public void nodeOnImageWith(Word driver, Word node, Word image, Word options) {
        world.build(t -> t.steps().node(t.origin(), node, driver, with(fileNode(image), t.fragments().options(options))));
    }

    /** A protocol node on a host file. */
    @Given("a file node {node} for {image}")
    public void fileNode(Word node, Word image) {
        world.build(t -> t.steps().node(t.origin(), node, Word.of("file", t.origin().pos()), List.of(filename(image))));
    }

    @Given("a file node {node} for {image} with {options}")
    public void fileNodeWith(Word node, Word image, Word options) {
        world.build(t -> t.steps().node(t.origin(), node, Word.of("file", t.origin().pos()),
                with(filename(image), t.fragments().options(options))));
    }

    /** blockdev-add with its arguments as they are. */
    @Given("a node added with:")
    public void nodeJson(DocString json) {
        world.build(t -> t.steps().nodeJson(t.origin(), t.fragments().jsonObject(world.docString(json))));
    }

    /** Columns: node, driver; optional: options (short form). Each row is one blockdev-add. */
    @Given("these nodes:")
    public void nodes(DataTable table) {
        world.build(t -> {
            for (Tables.Row r : Tables.rows(world.table(table), t, "node", List.of("node", "driver"), List.of("options"))) {
                t.steps().node(t.origin(), r.get("node"), r.get("driver"),
                        r.has("options") ? t.fragments().options(r.get("options")) : List.of());
            }
        });
    }

    @When("node {node} is deleted")
    public void delete(Word node) {
        world.build(t -> t.steps().deleteNode(t.origin(), node));
    }

    /** blockdev-reopen: the options are the node's complete new set, as in the node step. */
    @When("node {node} is reopened as {driver} with {options}")
    public void reopen(Word node, Word driver, Word options) {
        world.build(t -> t.steps().reopen(t.origin(), node, driver, t.fragments().options(options)));
    }

    private static NodeOption fileChild(Word file) {
        return new NodeOption.Value(Word.of("file", file.pos()), file);
    }

    private static NodeOption filename(Word image) {
        return new NodeOption.Value(Word.of("filename", image.pos()), image);
    }

    private static NodeOption fileNode(Word image) {
        return new NodeOption.Nested(Word.of("file", image.pos()), Word.of("file", image.pos()),
                List.of(filename(image)), image.pos());
    }

    private static List<NodeOption> with(NodeOption first, List<NodeOption> rest) {
        List<NodeOption> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
