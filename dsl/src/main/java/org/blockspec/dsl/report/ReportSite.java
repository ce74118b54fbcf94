package org.blockspec.dsl.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.DriverKind;

/**
 * Writes a report: a static site that works offline from any directory (relative links, one
 * stylesheet, pictures inline as SVG, no scripts), plus {@code results.json} with the data
 * it was made from.
 */
public final class ReportSite {
    private ReportSite() {
    }

    /** Kinds of the drivers blockspec has; others are known by name ({@link NodeKind}). */
    static Function<String, DriverKind> driverKinds() {
        DriverRegistry registry = DriverRegistry.load(ReportSite.class.getClassLoader());
        Map<String, DriverKind> kinds = new LinkedHashMap<>();
        for (BlockDriverFactory f : registry.all()) kinds.put(f.name(), f.kind());
        return kinds::get;
    }

    /**
     * @param coverageHtml the coverage page, or null for none
     * @throws IOException with a message naming the path that could not be written
     */
    public static void write(Path dir, List<ScenarioRun> runs, String coverageHtml) throws IOException {
        List<ScenarioRun> sorted = new ArrayList<>(runs);
        sorted.sort(Results.ORDER);
        Path pagesDir = dir.resolve("scenarios");
        Files.createDirectories(pagesDir);
        try (Stream<Path> old = Files.list(pagesDir)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".html")).toList()) Files.delete(p);
        }
        Map<String, String> pages = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (ScenarioRun r : sorted) {
            String base = Html.slug(r.file().replaceAll("\\.(scenario|qmp|feature)$", "")) + "--" + Html.slug(r.name());
            if (sorted.stream().map(ScenarioRun::backend).distinct().count() > 1) base += "--" + Html.slug(r.backend());
            String name = base;
            for (int n = 2; !taken.add(name); n++) name = base + "-" + n;
            pages.put(IndexPage.key(r), "scenarios/" + name + ".html");
        }
        ScenarioPage page = new ScenarioPage(driverKinds());
        for (int i = 0; i < sorted.size(); i++) {
            ScenarioRun r = sorted.get(i);
            String prev = i > 0 ? "../" + pages.get(IndexPage.key(sorted.get(i - 1))) : null;
            String next = i + 1 < sorted.size() ? "../" + pages.get(IndexPage.key(sorted.get(i + 1))) : null;
            Files.writeString(dir.resolve(pages.get(IndexPage.key(r))), page.render(r, "../", prev, next));
        }
        Files.writeString(dir.resolve("index.html"), IndexPage.render(sorted, pages, coverageHtml != null));
        if (coverageHtml != null) Files.writeString(dir.resolve("coverage.html"), coverageHtml);
        try (InputStream css = ReportSite.class.getResourceAsStream("report.css")) {
            Files.writeString(dir.resolve("style.css"), new String(css.readAllBytes(), StandardCharsets.UTF_8));
        }
        Results.write(dir.resolve(Results.FILE), sorted);
    }
}
