package org.blockspec.dsl.cucumber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import io.cucumber.junit.platform.engine.Constants;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Features on the Cucumber engine as Maven and IDEs run them (no blockspec command line in
 * between): configuration parameters, names of outline rows, a mistake failing its scenario
 * before any step of it runs.
 */
class CucumberEngineTest {
    @TempDir Path dir;

    /** Display name of each test and how it ended (with the failure's message). */
    Map<String, String> run(Path feature, Map<String, String> config) {
        Map<String, String> out = new TreeMap<>();
        var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectFile(feature.toFile()))
                .configurationParameter(Constants.GLUE_PROPERTY_NAME, "org.blockspec.dsl.cucumber")
                .configurationParameter(Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                .configurationParameters(config);
        LauncherFactory.create().execute(request.build(), new TestExecutionListener() {
            @Override public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    out.put(id.getDisplayName(), result.getStatus() + result.getThrowable().map(t -> ": " + t.getMessage())
                            .orElse(""));
                }
            }
        });
        return out;
    }

    @Test
    void rulesOutlinesTagsAndLanguage() throws Exception {
        Path f = dir.resolve("rules.feature");
        Files.writeString(f, """
                # language: en
                @all
                Feature: Rules and outlines
                  Background:
                    Given a null-co node n0 with size=1M

                  Rule: a null-co node reads zeroes
                    Background:
                      Given a raw node r0 on n0

                    @zeroes
                    Scenario Outline: <what> of <node> reads zeroes
                      Then <node> reads zeroes at 0 for <what>

                      Examples: small
                        | node | what |
                        | n0   | 4k   |
                        | r0   | 64k  |

                  Rule: it is in the graph
                    Scenario: the raw node is not
                      Then the graph is:
                        | node | driver  |
                        | n0   | null-co |
                """);
        Map<String, String> all = run(f, Map.of(Constants.JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME, "long",
                Constants.JUNIT_PLATFORM_LONG_NAMING_STRATEGY_EXAMPLE_NAME_PROPERTY_NAME, "pickle"));
        assertEquals(Map.of(
                "Rules and outlines - a null-co node reads zeroes - <what> of <node> reads zeroes - small - 4k of n0 reads zeroes",
                "SUCCESSFUL",
                "Rules and outlines - a null-co node reads zeroes - <what> of <node> reads zeroes - small - 64k of r0 reads zeroes",
                "SUCCESSFUL",
                "Rules and outlines - it is in the graph - the raw node is not", "SUCCESSFUL"), all);
        Map<String, String> tagged = run(f, Map.of(Constants.FILTER_TAGS_PROPERTY_NAME, "@zeroes and not @slow",
                Constants.JUNIT_PLATFORM_SHORT_NAMING_STRATEGY_EXAMPLE_NAME_PROPERTY_NAME, "pickle"));
        assertEquals(Map.of("4k of n0 reads zeroes", "SUCCESSFUL", "64k of r0 reads zeroes", "SUCCESSFUL"), tagged);
    }

    @Test
    void aMistakeFailsItsScenarioBeforeAnyStepRuns() throws Exception {
        Path f = dir.resolve("mistake.feature");
        Files.writeString(f, """
                Feature: A mistake
                  Scenario: a bad size in the middle
                    Given a raw image first.img of 1M
                    And a raw image second.img of 1Q
                    And a raw node n0 on image first.img

                  Scenario: fine
                    Given a raw image first.img of 1M
                """);
        Path json = dir.resolve("report.json");
        Map<String, String> r = run(f, Map.of(Constants.PLUGIN_PROPERTY_NAME, "json:" + json));
        assertEquals("SUCCESSFUL", r.get("fine"));
        String bad = r.get("a bad size in the middle");
        assertTrue(bad.startsWith("FAILED: " + ScenarioFilesShown.of(f) + ":4:35: error: '1Q' is not a size\n"), bad);
        assertTrue(!bad.contains("Exception"), bad);
        // The first step would have created an image: it never ran.
        var steps = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get(0).path("elements").get(0)
                .path("steps");
        java.util.List<String> statuses = new java.util.ArrayList<>();
        steps.forEach(s -> statuses.add(s.path("result").path("status").asText()));
        assertEquals(java.util.List.of("skipped", "skipped", "skipped"), statuses);
    }

    /** Paths as failure reports show them (relative to the working directory when below it). */
    static final class ScenarioFilesShown {
        static String of(Path p) {
            return org.blockspec.dsl.junit.ScenarioFiles.shown(p).toString();
        }
    }
}
