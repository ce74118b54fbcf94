package org.blockspec.dsl.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

import org.blockspec.dsl.cucumber.ParameterTypes;
import org.blockspec.dsl.cucumber.StepLibrary;

/** {@code blockspec steps}: the Gherkin step library, by topic, with its parameters. */
@Command(name = "steps", mixinStandardHelpOptions = true,
        description = "Lists the Gherkin steps .feature files can use (docs/cucumber.md shows each in an example).")
final class StepsTool implements Callable<Integer> {
    @Override
    public Integer call() {
        StepLibrary library = StepLibrary.get();
        StringBuilder sb = new StringBuilder();
        String topic = null;
        for (StepLibrary.Definition d : library.definitions()) {
            if (!d.topic().equals(topic)) {
                topic = d.topic();
                sb.append(sb.isEmpty() ? "" : "\n").append(topic).append('\n');
            }
            sb.append("  ").append(d).append('\n');
        }
        sb.append("\nParameters\n");
        for (StepLibrary.Parameter p : library.parameters()) {
            sb.append(String.format("  %-13s %s%n", "{" + p.name() + "}", ParameterTypes.MEANING.getOrDefault(p.name(), "")));
        }
        System.out.print(sb);
        return 0;
    }
}
