package org.blockspec.dsl.cucumber;

import java.util.List;

import io.cucumber.datatable.DataTable;
import io.cucumber.docstring.DocString;
import io.cucumber.java.en.Then;

import org.blockspec.dsl.compile.Word;

/**
 * QMP events: each check waits (briefly) for an event emitted since the previous checked one
 * whose data matches, partially and with holes, as in {@code .scenario} files.
 */
public final class EventSteps {
    private final BlockWorld world;

    public EventSteps(BlockWorld world) {
        this.world = world;
    }

    @Then("{event} is emitted")
    public void emitted(Word event) {
        world.build(t -> t.steps().expectEvent(t.origin(), event, null));
    }

    /** The DocString is the event's data as a JSON pattern. */
    @Then("{event} is emitted with:")
    public void emittedWith(Word event, DocString data) {
        world.build(t -> t.steps().expectEvent(t.origin(), event, t.fragments().jsonPattern(world.docString(data))));
    }

    /** One event per row, in order. Columns: event; optional: data (a JSON pattern). */
    @Then("these events are emitted:")
    public void emittedInOrder(DataTable table) {
        world.build(t -> {
            for (Tables.Row r : Tables.rows(world.table(table), t, "event", List.of("event"), List.of("data"))) {
                Word data = r.optional("data");
                t.steps().expectEvent(t.origin(), r.get("event"), data == null ? null : t.fragments().jsonPattern(data));
            }
        });
    }
}
