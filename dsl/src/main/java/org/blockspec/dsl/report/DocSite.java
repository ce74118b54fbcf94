package org.blockspec.dsl.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.ScenarioFile;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.graph.DriverRegistry;

/**
 * Documentation from scenarios: per file a Markdown page and the same as HTML, with the file's
 * and each scenario's prose (their comments), every step in words, the graph pictures, and on
 * which backends each scenario passed. Scenarios run on the embedded engine here; results of
 * other backends come from their {@code results.json}. The output is the same on every run
 * (no times, pictures named by their content), so it can be kept in the repository and
 * checked for staleness.
 */
public final class DocSite {
    public static final String EMBEDDED = "embedded";

    private DocSite() {
    }

    /** @return problems (files that do not compile), empty when all went well */
    public static List<String> write(List<Path> files, Path out, List<ScenarioRun> otherBackends) throws IOException {
        DriverRegistry drivers = DriverRegistry.load(DocSite.class.getClassLoader());
        ScenarioCompiler compiler = new ScenarioCompiler(drivers);
        List<String> problems = new ArrayList<>();
        Map<String, List<ScenarioRun>> results = new TreeMap<>();
        for (ScenarioRun r : otherBackends) results.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
        Path pictures = out.resolve("pictures");
        Files.createDirectories(pictures);
        try (Stream<Path> old = Files.list(pictures)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".svg")).toList()) Files.delete(p);
        }
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".md") || p.toString().endsWith(".html")).toList()) {
                Files.delete(p);
            }
        }
        String svgStyle = svgStyle();
        ScenarioPage pages = new ScenarioPage(ReportSite.driverKinds());
        Map<String, String> index = new LinkedHashMap<>();
        for (Path f : files) {
            if (!f.toString().endsWith(".scenario")) continue;
            ScenarioFile sf;
            try {
                sf = compiler.compile(f);
            } catch (CompileException e) {
                problems.add(f + ": does not compile; not documented");
                continue;
            }
            List<String> source = Files.readAllLines(f);
            String name = Html.slug(f.getFileName().toString().replaceAll("\\.scenario$", ""));
            for (int n = 2; index.containsKey(name); n++) name = Html.slug(f.getFileName().toString()) + "-" + n;
            DocPage page = new DocPage(sf.feature() != null ? sf.feature() : f.getFileName().toString());
            page.prose(comments(source, 0));
            page.line("Source: `" + f + "`" + (sf.tags().isEmpty() ? "" : " · tags: " + tags(sf.tags())));
            boolean backgroundShown = false;
            for (Scenario s : sf.scenarios()) {
                ScenarioRun run = run(s, sf.feature(), drivers);
                List<ScenarioPage.Picture> pics = pages.pictures(run, "p");
                Map<Integer, String> pictureFiles = new LinkedHashMap<>();
                for (ScenarioPage.Picture p : pics) {
                    if (p.svg() == null) continue;
                    String svg = p.svg().replaceFirst(">", "><style>" + svgStyle + "</style>");
                    String file = "pictures/" + hash(svg) + ".svg";
                    Files.writeString(out.resolve(file), svg + "\n");
                    pictureFiles.put(p.stepIndex(), file);
                }
                int firstOwn = 0;
                while (firstOwn < s.steps().size() && s.steps().get(firstOwn).pos().line() < s.pos().line()) firstOwn++;
                if (!backgroundShown && firstOwn > 0) {
                    page.heading("Background");
                    page.line("Every scenario of this file starts with:");
                    for (int i = 0; i < firstOwn; i++) page.step(i + 1, words(s.steps().get(i)), pictureFiles.get(i));
                    backgroundShown = true;
                }
                page.heading(s.name());
                page.prose(comments(source, s.pos().line() - 1));
                List<ScenarioRun> all = new ArrayList<>(results.getOrDefault(run.id(), List.of()));
                all.removeIf(r -> r.backend().equals(EMBEDDED));
                all.addFirst(run);
                page.line(outcomes(all) + (s.tags().isEmpty() ? "" : " · tags: " + tags(s.tags())));
                for (int i = firstOwn; i < s.steps().size(); i++) {
                    page.step(i - firstOwn + 1, words(s.steps().get(i)), pictureFiles.get(i));
                }
            }
            Files.writeString(out.resolve(name + ".md"), page.markdown());
            Files.writeString(out.resolve(name + ".html"), page.html());
            index.put(name, page.title() + " (" + sf.scenarios().size() + " scenarios)");
        }
        DocPage top = new DocPage("The scenario library");
        top.prose(List.of("Generated from the scenario files by `blockspec doc`; each page shows a file's scenarios step by "
                + "step, with a picture of the block graph after each step that changed it."));
        for (Map.Entry<String, String> e : index.entrySet()) top.link(e.getValue(), e.getKey());
        Files.writeString(out.resolve("README.md"), top.markdown());
        Files.writeString(out.resolve("index.html"), top.html());
        return problems;
    }

    private static ScenarioRun run(Scenario s, String feature, DriverRegistry drivers) throws IOException {
        List<ScenarioRun> got = new ArrayList<>();
        ReportCollector c = new ReportCollector();
        Path dir = Files.createTempDirectory("blockspec-doc");
        try (EmbeddedBackend b = new EmbeddedBackend(dir, drivers, s.realClock())) {
            new Executor(null, c.recorder(feature, EMBEDDED)).run(s, b);
        } finally {
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        got.addAll(c.runs());
        return got.getFirst();
    }

    private static String words(Step s) {
        String text = s.text();
        return StepWords.of(s) + (text.contains("\n") || text.endsWith("{") ? "" : " — `" + text.replace("`", "'") + "`");
    }

    private static String outcomes(List<ScenarioRun> runs) {
        List<String> parts = new ArrayList<>();
        for (ScenarioRun r : runs) {
            parts.add((r.status() == ScenarioRun.Status.PASSED ? "passed" : r.status().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ')) + " on " + r.backend());
        }
        return String.join(", ", parts);
    }

    private static String tags(List<String> tags) {
        return String.join(" ", tags.stream().map(t -> "@" + t).toList());
    }

    /** The comment block just above {@code line} (0-based; 0 means the file's leading comments). */
    static List<String> comments(List<String> source, int line) {
        List<String> out = new ArrayList<>();
        if (line == 0) {
            for (String l : source) {
                if (!l.strip().startsWith("#")) break;
                out.add(l.strip().replaceFirst("^#\\s?", ""));
            }
            return out;
        }
        for (int i = line - 1; i >= 0 && source.get(i).strip().startsWith("#"); i--) {
            out.addFirst(source.get(i).strip().replaceFirst("^#\\s?", ""));
        }
        return out;
    }

    /** The picture rules of the report's stylesheet, carried inside each SVG file so it stands alone. */
    private static String svgStyle() throws IOException {
        try (InputStream css = DocSite.class.getResourceAsStream("report.css")) {
            StringBuilder sb = new StringBuilder();
            for (String l : new String(css.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (l.startsWith("svg.graph")) sb.append(l.replace("svg.graph ", "")).append(' ');
            }
            return sb.toString().strip();
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
