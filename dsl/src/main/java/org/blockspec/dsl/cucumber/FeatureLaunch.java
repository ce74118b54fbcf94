package org.blockspec.dsl.cucumber;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.cucumber.core.eventbus.IncrementingUuidGenerator;
import io.cucumber.junit.platform.engine.Constants;
import io.cucumber.junit.platform.engine.CucumberTestEngine;

import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.DidYouMean;
import org.blockspec.dsl.junit.ScenarioFiles;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * What {@code blockspec run} needs for the {@code .feature} files among its paths: they are
 * compiled first, so a file with a mistake is reported like a {@code .scenario} file that
 * does not compile (and never reaches Cucumber); the others run on the Cucumber engine with
 * the step library as glue, named the way the console shows {@code .scenario} tests.
 */
public final class FeatureLaunch {
    /** Cucumber's built-in plugins ({@code NAME[:PATH]}). */
    static final Set<String> PLUGINS = Set.of("html", "json", "junit", "message", "pretty", "progress", "rerun",
            "summary", "testng", "timeline", "unused", "usage", "usage-json", "teamcity");

    private final List<Path> runnable = new ArrayList<>();
    private final Map<Path, String> notCompiling = new LinkedHashMap<>();

    private FeatureLaunch() {
    }

    /** The features at or below {@code paths}, each compiled once. */
    public static FeatureLaunch find(List<Path> paths, DriverRegistry drivers) {
        FeatureLaunch out = new FeatureLaunch();
        FeatureCompiler compiler = new FeatureCompiler(drivers);
        for (Path p : paths) {
            for (Path f : ScenarioFiles.under(p, ".feature")) {
                if (out.runnable.contains(f) || out.notCompiling.containsKey(f)) continue;
                try {
                    compiler.compile(f);
                    out.runnable.add(f);
                } catch (CompileException e) {
                    out.notCompiling.put(f, e.rendered());
                } catch (IOException e) {
                    out.notCompiling.put(f, f + ": cannot read: " + e.getMessage() + "\n");
                }
            }
        }
        return out;
    }

    /** Features that do not compile, with their errors (for the engine that reports them). */
    public Map<Path, String> notCompiling() { return notCompiling; }

    public boolean hasRunnable() { return !runnable.isEmpty(); }

    public TestEngine engine() { return new CucumberTestEngine(); }

    /**
     * Keeps the feature files of shard {@code index} of {@code count} (1-based), a file each in
     * turn in name order: the same split on every machine.
     */
    public void keepShard(int index, int count) {
        List<Path> all = new ArrayList<>(runnable);
        all.sort(null);
        runnable.clear();
        for (int i = 0; i < all.size(); i++) if (i % count == index - 1) runnable.add(all.get(i));
    }

    /**
     * Selects the runnable features and configures the Cucumber engine.
     *
     * @param plugins Cucumber plugins, {@code NAME[:PATH]}, already checked with {@link #checkPlugin}
     * @param jobs    scenarios run at once
     */
    public void configure(LauncherDiscoveryRequestBuilder request, List<String> plugins, int jobs) {
        for (Path f : runnable) request.selectors(DiscoverySelectors.selectFile(f.toFile()));
        request.configurationParameter(Constants.GLUE_PROPERTY_NAME, BlockWorld.class.getPackageName())
                .configurationParameter(Constants.JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME, "short")
                .configurationParameter(Constants.JUNIT_PLATFORM_SHORT_NAMING_STRATEGY_EXAMPLE_NAME_PROPERTY_NAME, "pickle")
                .configurationParameter(Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                .configurationParameter(Constants.ANSI_COLORS_DISABLED_PROPERTY_NAME, "true")
                // Ids only need to be unique within the run; random UUIDs cost more than they give here.
                .configurationParameter(Constants.UUID_GENERATOR_PROPERTY_NAME, IncrementingUuidGenerator.class.getName())
                .configurationParameter(Constants.PARALLEL_EXECUTION_ENABLED_PROPERTY_NAME, Boolean.toString(jobs > 1))
                .configurationParameter(Constants.PARALLEL_CONFIG_STRATEGY_PROPERTY_NAME, "fixed")
                .configurationParameter(Constants.PARALLEL_CONFIG_FIXED_PARALLELISM_PROPERTY_NAME, Integer.toString(jobs))
                .configurationParameter(Constants.PARALLEL_CONFIG_FIXED_MAX_POOL_SIZE_PROPERTY_NAME, Integer.toString(jobs));
        if (!plugins.isEmpty()) request.configurationParameter(Constants.PLUGIN_PROPERTY_NAME, String.join(",", plugins));
    }

    /** Null when {@code NAME[:PATH]} names a Cucumber plugin that can write where asked; else why not. */
    public static String checkPlugin(String plugin) {
        int colon = plugin.indexOf(':');
        String name = colon < 0 ? plugin : plugin.substring(0, colon);
        if (!PLUGINS.contains(name)) {
            String hint = DidYouMean.hint(name, new TreeSet<>(PLUGINS));
            return "unknown plugin '" + name + "'" + (hint != null ? "; " + hint : "; plugins: "
                    + String.join(", ", new TreeSet<>(PLUGINS)));
        }
        if (colon >= 0) {
            Path out = Path.of(plugin.substring(colon + 1)).toAbsolutePath();
            Path dir = out.getParent();
            if (java.nio.file.Files.isDirectory(out)) return out + " is a directory";
            if (dir != null && java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                return dir + " is not a directory";
            }
        }
        return null;
    }
}
