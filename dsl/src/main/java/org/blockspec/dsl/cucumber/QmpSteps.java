package org.blockspec.dsl.cucumber;

import io.cucumber.docstring.DocString;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import org.blockspec.dsl.compile.Word;
import org.blockspec.dsl.model.TextMatcher;

/**
 * Raw QMP, and what the step before must lead to: a reply (matched as in {@code .scenario}
 * files, objects partially, {@code any}/{@code matches "re"} for what varies) or an error.
 */
public final class QmpSteps {
    private final BlockWorld world;

    public QmpSteps(BlockWorld world) {
        this.world = world;
    }

    @When("the client sends {command}")
    public void send(Word command) {
        world.build(t -> t.steps().qmp(t.origin(), command, null));
    }

    /** The DocString holds the arguments, a JSON object. */
    @When("the client sends {command} with:")
    public void sendWith(Word command, DocString arguments) {
        world.build(t -> t.steps().qmp(t.origin(), command, t.fragments().jsonObject(world.docString(arguments))));
    }

    @Then("the reply is:")
    public void reply(DocString expected) {
        world.build(t -> t.steps().expectReturn(t.origin(), "the reply is", t.fragments().jsonPattern(world.docString(expected))));
    }

    @Then("it fails with {text}")
    public void fails(Word message) {
        world.build(t -> t.steps().expectError(t.origin(), "it fails with", null, new TextMatcher.Exact(message.text())));
    }

    @Then("it fails with {errorclass} {text}")
    public void failsWithClass(Word errorClass, Word message) {
        world.build(t -> t.steps().expectError(t.origin(), "it fails with", errorClass.text(),
                new TextMatcher.Exact(message.text())));
    }

    /** The regular expression must match the whole message. */
    @Then("it fails with an error matching {text}")
    public void failsMatching(Word regex) {
        world.build(t -> t.steps().expectError(t.origin(), "it fails with", null, t.fragments().regex(regex)));
    }

    @Then("it fails with {errorclass} matching {text}")
    public void failsWithClassMatching(Word errorClass, Word regex) {
        world.build(t -> t.steps().expectError(t.origin(), "it fails with", errorClass.text(), t.fragments().regex(regex)));
    }

    /** The DocString is the exact message (for long ones, or ones full of quotes). */
    @Then("it fails with:")
    public void failsWithText(DocString message) {
        world.build(t -> t.steps().expectError(t.origin(), "it fails with", null,
                new TextMatcher.Exact(world.docString(message).text().strip())));
    }
}
