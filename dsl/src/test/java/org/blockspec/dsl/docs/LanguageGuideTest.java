package org.blockspec.dsl.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.engine.graph.DriverRegistry;

/** Every ```scenario example of docs/language.md compiles and passes. */
class LanguageGuideTest {
    static final Path GUIDE = Path.of("..", "docs", "language.md");
    static final Pattern EXAMPLE = Pattern.compile("```scenario\\n(.*?)```", Pattern.DOTALL);

    @TempDir Path work;

    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        String md = Files.readString(GUIDE);
        List<DynamicTest> tests = new ArrayList<>();
        Matcher m = EXAMPLE.matcher(md);
        while (m.find()) {
            int line = (int) md.substring(0, m.start()).lines().count() + 2;
            String text = "\n".repeat(line - 1) + m.group(1);
            tests.add(DynamicTest.dynamicTest("language.md:" + line, () -> run(text)));
        }
        assertFalse(tests.isEmpty(), "no examples found in " + GUIDE);
        return tests.stream();
    }

    private void run(String text) throws Exception {
        ScenarioCompiler compiler = new ScenarioCompiler(DriverRegistry.load(getClass().getClassLoader()));
        for (Scenario s : compiler.compile(GUIDE, text).scenarios()) {
            Path dir = Files.createTempDirectory(work, "example");
            try (EmbeddedBackend b = new EmbeddedBackend(dir, DriverRegistry.load(getClass().getClassLoader()), s.realClock())) {
                StepFailure f = new Executor(null).run(s, b);
                assertNull(f, () -> f.render());
            }
        }
    }
}
