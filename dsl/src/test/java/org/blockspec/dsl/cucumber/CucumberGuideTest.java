package org.blockspec.dsl.cucumber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * Every ```gherkin example of docs/cucumber.md compiles and passes, every step of the library
 * is listed there and used by an example, and every step listed exists.
 */
class CucumberGuideTest {
    static final Path GUIDE = Path.of("..", "docs", "cucumber.md");
    static final Pattern EXAMPLE = Pattern.compile("```gherkin\\n(.*?)```", Pattern.DOTALL);
    static final Pattern STEP_LINE = Pattern.compile("^\\s*(?:Given|When|Then|And|But|\\*) (.*)$", Pattern.MULTILINE);
    static final DriverRegistry DRIVERS = DriverRegistry.load(CucumberGuideTest.class.getClassLoader());

    @TempDir Path work;

    record Example(int line, String text) {
    }

    static List<Example> examples() throws Exception {
        String md = Files.readString(GUIDE);
        List<Example> out = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(md);
        while (m.find()) {
            int line = (int) md.substring(0, m.start()).lines().count() + 2;
            out.add(new Example(line, "\n".repeat(line - 1) + m.group(1)));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> examplesPass() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Example e : examples()) tests.add(DynamicTest.dynamicTest("cucumber.md:" + e.line(), () -> run(e.text())));
        assertFalse(tests.isEmpty(), "no examples in " + GUIDE);
        return tests.stream();
    }

    private void run(String text) throws Exception {
        for (Scenario s : new FeatureCompiler(DRIVERS).compile(GUIDE, text).model().scenarios()) {
            Path dir = Files.createTempDirectory(work, "example");
            try (EmbeddedBackend b = new EmbeddedBackend(dir, DRIVERS, s.realClock())) {
                StepFailure f = new Executor(null).run(s, b);
                assertNull(f, () -> s.name() + ": " + f.render());
            }
        }
    }

    @Test
    void everyStepIsListedAndUsedByAnExample() throws Exception {
        String md = Files.readString(GUIDE);
        StepLibrary library = StepLibrary.get();
        StepLibrary.Matcher matcher = library.matcher();
        Set<StepLibrary.Definition> used = new LinkedHashSet<>();
        for (Example e : examples()) {
            Matcher m = STEP_LINE.matcher(e.text());
            while (m.find()) {
                if (m.group(1).matches(".*<[a-z-]+>.*")) continue; // outline steps match once their rows are put in
                var matches = matcher.match(m.group(1).strip());
                assertEquals(1, matches.size(), "cucumber.md: '" + m.group(1) + "' matches " + matches.size() + " steps");
                used.add(matches.getFirst().definition());
            }
        }
        List<String> unlisted = new ArrayList<>();
        List<String> unused = new ArrayList<>();
        for (StepLibrary.Definition d : library.definitions()) {
            if (!md.contains("`" + d.keyword() + " " + d.expression() + "`")) unlisted.add(d.toString());
            if (!used.contains(d)) unused.add(d.toString());
        }
        assertEquals(List.of(), unlisted, "steps docs/cucumber.md does not list");
        assertEquals(List.of(), unused, "steps no example of docs/cucumber.md uses");
        Matcher listed = Pattern.compile("^- `(?:Given|When|Then) ([^`]*)`", Pattern.MULTILINE).matcher(md);
        while (listed.find()) {
            String expr = listed.group(1);
            assertTrue(library.definitions().stream().anyMatch(d -> d.expression().equals(expr)),
                    "docs/cucumber.md lists a step the library does not have: " + expr);
        }
    }
}
