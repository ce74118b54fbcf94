package org.blockspec.dsl.junit;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathResourceSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.hierarchical.ForkJoinPoolHierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;
import org.junit.platform.engine.support.config.PrefixedConfigurationParameters;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.ScenarioFile;
import org.blockspec.dsl.report.ReportCollector;
import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * The JUnit Platform engine {@code blockspec}: discovers {@code .scenario} and {@code .qmp}
 * files (from files, directories, class-path resources, and {@link Scenarios} marker
 * classes), compiles them during discovery, and runs one test per scenario and variant.
 *
 * <p>Configuration: {@code blockspec.execution.parallel.enabled} and
 * {@code blockspec.execution.parallel.config.*} (JUnit's strategy keys);
 * {@code blockspec.reports.dir} for failure graphs; {@code blockspec.report.dir} for the HTML report
 * (written when every scenario has run); {@code blockspec.fail-fast}.
 */
public final class BlockspecTestEngine extends HierarchicalTestEngine<ExecutionContext> {
    public static final String ID = "blockspec";

    private final Map<Path, String> notCompiling;

    public BlockspecTestEngine() {
        this(Map.of());
    }

    /**
     * @param notCompiling files of other surface syntaxes (features) that another engine would
     *                     run but that do not compile, with their errors: reported here as
     *                     failing tests, the way a {@code .scenario} file that does not compile is
     */
    public BlockspecTestEngine(Map<Path, String> notCompiling) {
        this.notCompiling = Map.copyOf(notCompiling);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        RootDescriptor root = new RootDescriptor(uniqueId);
        ScenarioCompiler compiler = new ScenarioCompiler(DriverRegistry.load(BlockspecTestEngine.class.getClassLoader()));
        for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
            Scenarios a = s.getJavaClass().getAnnotation(Scenarios.class);
            if (a == null) continue;
            MarkerDescriptor marker = new MarkerDescriptor(
                    uniqueId.append(MarkerDescriptor.SEGMENT, s.getClassName()), s.getJavaClass());
            for (String dir : a.value()) addAll(marker, ScenarioFiles.under(resolve(dir, s.getJavaClass())), compiler);
            root.addChild(marker);
        }
        List<Path> files = new ArrayList<>();
        request.getSelectorsByType(FileSelector.class).stream().filter(s -> !s.getPath().toString().endsWith(".feature"))
                .forEach(s -> files.add(ScenarioFiles.shown(s.getPath())));
        request.getSelectorsByType(DirectorySelector.class).forEach(s -> files.addAll(ScenarioFiles.under(s.getPath())));
        for (ClasspathResourceSelector s : request.getSelectorsByType(ClasspathResourceSelector.class)) {
            Path p = resolve(s.getClasspathResourceName(), BlockspecTestEngine.class);
            if (p != null) files.addAll(ScenarioFiles.under(p));
        }
        for (UniqueIdSelector s : request.getSelectorsByType(UniqueIdSelector.class)) {
            var segments = s.getUniqueId().getSegments();
            if (!s.getUniqueId().getEngineId().orElse("").equals(ID)) continue;
            for (var seg : segments) {
                if (seg.getType().equals(FileDescriptor.SEGMENT)) files.add(ScenarioFiles.shown(Path.of(seg.getValue())));
            }
        }
        addAll(root, files.stream().distinct().toList(), compiler);
        notCompiling.forEach((f, errors) -> {
            FileDescriptor d = new FileDescriptor(uniqueId.append(FileDescriptor.SEGMENT, f.toString()), f);
            d.addChild(new InvalidFileDescriptor(d.getUniqueId().append("invalid", "compile"), f, errors));
            root.addChild(d);
        });
        var params = request.getConfigurationParameters();
        params.get(Shards.KEY).filter(v -> !v.isBlank()).ifPresent(spec -> {
            Shards.Shard shard = Shards.Shard.parse(spec);
            Map<String, Long> durations = Map.of();
            var recorded = params.get(Shards.DURATIONS_KEY).filter(v -> !v.isBlank());
            if (recorded.isPresent()) {
                try {
                    durations = Shards.durations(Path.of(recorded.get()));
                } catch (IOException e) {
                    throw new org.junit.platform.commons.PreconditionViolationException(
                            Shards.DURATIONS_KEY + ": " + e.getMessage());
                }
            }
            Shards.keep(root, shard, durations);
        });
        return root;
    }

    private static void addAll(TestDescriptor parent, List<Path> files, ScenarioCompiler compiler) {
        for (Path f : files) parent.addChild(file(parent.getUniqueId(), f, compiler));
    }

    private static TestDescriptor file(UniqueId parent, Path f, ScenarioCompiler compiler) {
        FileDescriptor d = new FileDescriptor(parent.append(FileDescriptor.SEGMENT, f.toString()), f);
        try {
            if (f.toString().endsWith(".qmp")) {
                Transcript t = Transcript.parse(f);
                d.addChild(new TranscriptDescriptor(d.getUniqueId().append(ScenarioDescriptor.SEGMENT, t.title()), t));
            } else {
                ScenarioFile compiled = compiler.compile(f);
                for (Scenario s : compiled.scenarios()) {
                    d.addChild(new ScenarioDescriptor(d.getUniqueId().append(ScenarioDescriptor.SEGMENT, s.name()), s,
                            compiled.feature()));
                }
            }
        } catch (CompileException e) {
            d.addChild(new InvalidFileDescriptor(d.getUniqueId().append("invalid", "compile"), f, e.rendered()));
        } catch (Transcript.Invalid e) {
            d.addChild(new InvalidFileDescriptor(d.getUniqueId().append("invalid", "parse"), f, e.getMessage()));
        } catch (IOException e) {
            d.addChild(new InvalidFileDescriptor(d.getUniqueId().append("invalid", "read"), f,
                    f + ": cannot read: " + e.getMessage()));
        } catch (RuntimeException e) {
            // A compiler bug must not take discovery (and every other file) down with it.
            d.addChild(new InvalidFileDescriptor(d.getUniqueId().append("invalid", "internal"), f,
                    f + ": internal error while compiling: " + e));
        }
        return d;
    }

    /** A directory relative to the working directory, else a class-path folder. */
    private static Path resolve(String name, Class<?> anchor) {
        Path p = Path.of(name);
        if (Files.exists(p)) return p;
        URL url = anchor.getClassLoader().getResource(name);
        if (url == null || !url.getProtocol().equals("file")) return null;
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        var params = request.getConfigurationParameters();
        if (params.getBoolean("blockspec.execution.parallel.enabled").orElse(false)) {
            return new ForkJoinPoolHierarchicalTestExecutorService(
                    new PrefixedConfigurationParameters(params, "blockspec.execution.parallel.config."));
        }
        return new SameThreadHierarchicalTestExecutorService();
    }

    @Override
    protected ExecutionContext createExecutionContext(ExecutionRequest request) {
        var params = request.getConfigurationParameters();
        Path reports = Path.of(params.get("blockspec.reports.dir").orElse("target/blockspec-reports"));
        SiteReport site = params.get(SiteReport.DIR_KEY).filter(d -> !d.isBlank())
                .map(d -> new SiteReport(new ReportCollector(), Path.of(d), request.getEngineExecutionListener())).orElse(null);
        return new ExecutionContext(DriverRegistry.load(BlockspecTestEngine.class.getClassLoader()), reports,
                params.getBoolean("blockspec.fail-fast").orElse(false), new AtomicBoolean(), site);
    }
}
