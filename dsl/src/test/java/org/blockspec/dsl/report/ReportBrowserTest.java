package org.blockspec.dsl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.dsl.cli.CliProcess;

/**
 * The HTML report opened in a real browser: pictures render (every graph an SVG with nodes
 * and a size), no console errors, and links lead from the summary to scenarios and on.
 * Screenshots go to {@code target/report-screenshots/}.
 */
class ReportBrowserTest {
    @TempDir Path dir;

    @Test
    void theReportRendersInChromiumAndItsLinksWork() throws Exception {
        Path chromium = Chromium.require();
        Files.writeString(dir.resolve("writers.scenario"), ReportTest.CONFLICT);
        CliProcess run = CliProcess.blockspec(dir, null, "run", "--report", "site", "writers.scenario");
        assertEquals(1, run.exit(), run.stdout() + run.stderr());
        Path shots = Path.of("target", "report-screenshots");
        Files.createDirectories(shots);
        try (Chromium browser = new Chromium(chromium, Files.createDirectory(dir.resolve("profile")))) {
            browser.open(dir.resolve("site/index.html").toUri().toString());
            assertEquals("blockspec report", browser.eval("document.title").asText());
            assertEquals(2, browser.eval("document.querySelectorAll('a.scenario[href]').length").asInt() - 1,
                    "both scenarios listed, the failed one twice (failures and table)");
            int before = browser.loads();
            browser.eval("document.querySelector('a.scenario[href*=\"two-writers\"]').click()");
            browser.awaitLoad(before);
            assertTrue(browser.eval("location.pathname").asText().endsWith("two-writers.html"));
            assertEquals(3, browser.eval("document.querySelectorAll('svg.graph').length").asInt());
            assertTrue(browser.eval("[...document.querySelectorAll('svg.graph')].every(s => s.querySelectorAll('g.node')"
                    + ".length > 0 && s.getBBox().width > 50 && s.getBBox().height > 50)").asBoolean(),
                    "every picture has nodes and takes room on the page");
            assertEquals(1, browser.eval("document.querySelectorAll('svg.graph path.edge.mark-refused').length").asInt());
            assertTrue(browser.eval("getComputedStyle(document.querySelector('path.edge.mark-conflict')).stroke")
                    .asText().equals("rgb(220, 38, 38)"), "the stylesheet loaded: conflict edges are red");
            browser.eval("document.querySelectorAll('details.qmp')[0].open = true");
            Files.write(shots.resolve("scenario.png"), browser.screenshot());
            before = browser.loads();
            browser.eval("document.querySelector('a[rel=next], a[rel=prev]').click()");
            browser.awaitLoad(before);
            assertTrue(browser.eval("location.pathname").asText().endsWith("a-wrong-graph.html"));
            assertEquals(1, browser.eval("document.querySelectorAll('.versus').length").asInt() > 0 ? 1 : 0);
            before = browser.loads();
            browser.eval("[...document.querySelectorAll('header a')].find(a => a.textContent == 'all scenarios').click()");
            browser.awaitLoad(before);
            assertTrue(browser.eval("location.pathname").asText().endsWith("/site/index.html"));
            Files.write(shots.resolve("index.png"), browser.screenshot());
            assertEquals(java.util.List.of(), browser.errors(), "no console errors");
        }
        assertTrue(Files.size(shots.resolve("scenario.png")) > 10_000);
    }
}
