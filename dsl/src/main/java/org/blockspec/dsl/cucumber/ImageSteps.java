package org.blockspec.dsl.cucumber;

import java.util.List;

import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;

import org.blockspec.dsl.compile.NodeOption;
import org.blockspec.dsl.compile.Word;

/** Image files in the scenario's directory, created as qemu-img create would. */
public final class ImageSteps {
    private final BlockWorld world;

    public ImageSteps(BlockWorld world) {
        this.world = world;
    }

    @Given("a {format} image {image} of {size}")
    public void image(Word format, Word image, Word size) {
        world.build(t -> t.steps().image(t.origin(), image, format, size, null, null, List.of()));
    }

    @Given("a {format} image {image} of {size} with {options}")
    public void imageWithOptions(Word format, Word image, Word size, Word options) {
        world.build(t -> t.steps().image(t.origin(), image, format, size, null, null, t.fragments().options(options)));
    }

    @Given("a {format} image {image} of {size} backed by {image}")
    public void imageBackedBy(Word format, Word image, Word size, Word backing) {
        world.build(t -> t.steps().image(t.origin(), image, format, size, backing, null, List.of()));
    }

    @Given("a {format} image {image} of {size} backed by the {format} image {image}")
    public void imageBackedByFormat(Word format, Word image, Word size, Word backingFormat, Word backing) {
        world.build(t -> t.steps().image(t.origin(), image, format, size, backing, backingFormat, List.of()));
    }

    /** Columns: image, format, size; optional: backing, backing format, options. */
    @Given("these images:")
    public void images(DataTable table) {
        world.build(t -> {
            Tables.Rows rows = Tables.rows(world.table(table), t, "image", List.of("image", "format", "size"),
                    List.of("backing", "backing format", "options"));
            for (Tables.Row r : rows) {
                List<NodeOption> options = r.has("options") ? t.fragments().options(r.get("options")) : List.of();
                t.steps().image(t.origin(), r.get("image"), r.get("format"), r.get("size"), r.optional("backing"),
                        r.optional("backing format"), options);
            }
        });
    }
}
