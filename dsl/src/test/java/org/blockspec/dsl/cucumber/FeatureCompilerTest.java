package org.blockspec.dsl.cucumber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.graph.DriverRegistry;

/** What Gherkin compiles to, and how mistakes in it are reported. */
class FeatureCompilerTest {
    static final Path FILE = Path.of("t.feature");
    final FeatureCompiler compiler = new FeatureCompiler(DriverRegistry.load(getClass().getClassLoader()));

    String errors(String text) {
        return assertThrows(CompileException.class, () -> compiler.compile(FILE, text)).rendered();
    }

    /** Each step is compiled on line 4, after a null-co node n0 on line 3. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a raw node d on nosuch                        | 4:23: error: unknown node 'nosuch'
            a raw node d on nO                            | hint: did you mean n0?
            a null-co node 1d                             | 4:22: error: '1d' is not a valid node name
            a null-co node n0                             | 4:22: error: node 'n0' already exists (line 3)
            a null-co node d with size=big                | 4:34: error: Parameter 'size' expects integer
            a virtio-blok device vda on n0                | 4:9: error: unknown device model 'virtio-blok'
            a virtio-blk device vda on n0 with read-only=on | hint: a device is read-only when its node is
            the edge a -> n0 requires nothing and shares write | 4:16: error: unknown node, device or job 'a'
            the parents of n0 require wirte and share nothing  | hint: did you mean write?
            vdz reads zeroes                              | 4:7: error: unknown device or node 'vdz'
            n0 reads pattern 300                          | 4:24: error: a pattern is one byte (0..255)
            the client sends query-block with:            | 4:7: error: this step needs a DocString below it
            the graph is                                  | hint: did you mean "the graph is:"?
            the clock moved 5 seconds                     | 4:7: error: unknown step "the clock moved 5 seconds"
            the scenario runs on the real clock           | 4:5: error: 'clock' must come before every other step
            """)
    void mistakesAreReportedWhereTheyAre(String step, String expected) {
        String rendered = errors("Feature: f\n  Scenario: s\n    Given a null-co node n0\n    * " + step + "\n");
        assertTrue(rendered.contains(expected), rendered);
        assertTrue(rendered.startsWith("t.feature:4:"), rendered);
    }

    @Test
    void expectationsAttachToTheStepBeforeAndRuleOutItsChecks() throws Exception {
        Scenario s = compiler.compile(FILE, """
                Feature: f
                  Scenario: s
                    When a qcow3 node n on image nosuch.img
                    Then it fails with GenericError "Parameter 'driver' does not accept value 'qcow3'"
                    When the client sends query-block
                    Then the reply is:
                      \"""
                      []
                      \"""
                    When n is read at 0 for 1
                    Then it fails with an error matching "read failed: .*"
                """).scenarios().getFirst().scenario();
        Outcome.Fails f = assertInstanceOf(Outcome.Fails.class, ((Step.Qmp) s.steps().get(0)).outcome());
        assertEquals("GenericError", f.errorClass());
        assertInstanceOf(Outcome.Returns.class, ((Step.Qmp) s.steps().get(1)).outcome());
        assertInstanceOf(Outcome.Fails.class, ((Step.QemuIo) s.steps().get(2)).outcome());
    }

    @Test
    void verdictsAreReportedByTheStepThatStatesThem() throws Exception {
        var compiled = compiler.compile(FILE, """
                Feature: f
                  Scenario: s
                    Given a null-co node n0
                    When node n0 is deleted
                    Then it fails with "x"
                    And the graph is empty
                """).scenarios().getFirst();
        assertEquals(List.of(new org.blockspec.dsl.compile.StepBuilder.Placement(0, 0),
                new org.blockspec.dsl.compile.StepBuilder.Placement(1, 2),
                new org.blockspec.dsl.compile.StepBuilder.Placement(3, 3)), compiled.placements());
    }

    @Test
    void valuesFromExamplesAreReportedAtTheirCell() {
        String rendered = errors("""
                Feature: f
                  Scenario Outline: a <drv> node
                    Given a <drv> node n0

                    Examples:
                      | drv     |
                      | null-co |
                      | nul-co  |
                """);
        assertEquals("""
                t.feature:8:9: error: unknown driver 'nul-co'
                          | nul-co  |
                            ^~~~~~
                  hint: did you mean null-co?
                """, rendered);
    }

    @Test
    void outlineRowsMustGetNamesOfTheirOwn() {
        String rendered = errors("""
                Feature: f
                  Scenario Outline: a node
                    Given a <drv> node n0

                    Examples:
                      | drv     |
                      | null-co |
                      | null-aio |
                """);
        assertTrue(rendered.startsWith("t.feature:2:21: error: the examples of this outline get the same name\n"), rendered);
        assertTrue(rendered.contains("hint: mention the columns that vary in the title, e.g. <fmt>"), rendered);
    }

    @Test
    void tablesAndDocStringsWhereTheyDoNotBelong() {
        String rendered = errors("""
                Feature: f
                  Scenario: s
                    Given a null-co node n0
                      | a | b |
                    Then the graph is:
                      | driver |
                      | raw    |
                    And these nodes:
                      | node |
                """);
        assertTrue(rendered.contains("t.feature:3:11: error: this step takes no table"), rendered);
        assertTrue(rendered.contains("t.feature:6:9: error: the table has no 'node' column"), rendered);
        assertTrue(rendered.contains("t.feature:9:9: error: the table has no 'driver' column"), rendered);
        assertTrue(rendered.contains("t.feature:9:9: error: the table has no rows"), rendered);
    }

    @Test
    void cellsOfATableAreCheckedLikeWords() {
        String rendered = errors("""
                Feature: f
                  Scenario: s
                    Given these nodes:
                      | node | driver | options     |
                      | a    | nul-co | size=1M     |
                      | b    | raw    | file=nosuch |
                """);
        assertTrue(rendered.contains("t.feature:5:16: error: unknown driver 'nul-co'\n"), rendered);
        assertTrue(rendered.contains("hint: did you mean null-co?"), rendered);
        assertTrue(rendered.contains("t.feature:6:30: error: unknown node 'nosuch'"), rendered);
    }

    @Test
    void languagesOtherThanEnglishUseTheirKeywords() throws Exception {
        var f = compiler.compile(FILE, """
                # language: de
                Funktionalität: Knoten
                  Szenario: ein null-co Knoten
                    Angenommen a null-co node n0
                    Dann the graph is:
                      | node | driver  |
                      | n0   | null-co |
                """);
        assertEquals(2, f.scenarios().getFirst().scenario().steps().size());
        assertEquals("Angenommen a null-co node n0", f.scenarios().getFirst().scenario().steps().getFirst().text());
    }
}
