package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.List;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;

import org.blockspec.dsl.compile.GraphLine;
import org.blockspec.dsl.compile.Word;

/**
 * The graph as {@code x-debug-query-block-graph} shows it, with names as scenarios write them:
 * node names, device ids, and positions such as {@code disk0/file} for generated names.
 */
public final class GraphSteps {
    private final BlockWorld world;

    public GraphSteps(BlockWorld world) {
        this.world = world;
    }

    /** Exactly these nodes, drivers and edges. Columns: node; any of: driver, parent, same as. */
    @Then("the graph is:")
    public void graphIs(DataTable table) {
        world.build(t -> t.steps().expectGraph(t.origin(), lines(world.table(table), t), true));
    }

    /** At least these nodes, drivers and edges. */
    @Then("the graph contains:")
    public void graphContains(DataTable table) {
        world.build(t -> t.steps().expectGraph(t.origin(), lines(world.table(table), t), false));
    }

    @Then("the graph is empty")
    public void graphEmpty() {
        world.build(t -> t.steps().expectGraph(t.origin(), List.of(), true));
    }

    @Then("{ref} is a {driver} node")
    public void hasDriver(Word node, Word driver) {
        world.build(t -> t.steps().expectGraph(t.origin(), List.of(new GraphLine.HasDriver(node, driver, node.pos())), false));
    }

    @Then("{ref} is the same node as {ref}")
    public void sameNode(Word a, Word b) {
        world.build(t -> t.steps().expectGraph(t.origin(), List.of(new GraphLine.SameNode(a, b, a.pos())), false));
    }

    @Then("there is an edge from {ref} to {ref}")
    public void edge(Word parent, Word child) {
        world.build(t -> t.steps().expectGraph(t.origin(), List.of(new GraphLine.Edge(parent, child, parent.pos())), false));
    }

    private static List<GraphLine> lines(List<List<Word>> table, BlockWorld.Translation t) {
        List<GraphLine> out = new ArrayList<>();
        Tables.Rows rows = Tables.rows(table, t, "node", List.of("node"), List.of("driver", "parent", "same as"));
        for (Tables.Row r : rows) {
            Word node = r.get("node");
            if (rows.wellFormed() && !r.has("driver") && !r.has("parent") && !r.has("same as")) {
                t.steps().diagnostics().error(node.pos(), "this row says nothing about '" + node.text() + "'",
                        "fill its driver, its parent or the node it is the same as");
            }
            if (r.has("parent")) out.add(new GraphLine.Edge(r.get("parent"), node, r.get("parent").pos()));
            if (r.has("driver")) out.add(new GraphLine.HasDriver(node, r.get("driver"), node.pos()));
            if (r.has("same as")) out.add(new GraphLine.SameNode(node, r.get("same as"), node.pos()));
        }
        return out;
    }
}
