package org.blockspec.dsl.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket; no driver
 * binary needed), with the flags that work on machines without a network and a fresh
 * profile directory.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_S = 30;

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Every event the page sent, oldest first. */
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    /** Skips the test where Chromium is missing, unless CI requires it ({@code BLOCKSPEC_REQUIRE_BROWSER=1}). */
    static Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "chromium");
            if (!dir.isEmpty() && Files.isExecutable(p)) return p;
        }
        String why = "chromium is not installed; this test opens the HTML report in it. Install Debian's chromium, "
                + "or run .ci/run.";
        if ("1".equals(System.getenv("BLOCKSPEC_REQUIRE_BROWSER"))) fail(why);
        Assumptions.abort(why);
        return null;
    }

    Chromium(Path binary, Path profile) throws Exception {
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,1600", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserUrl = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        for (String line; browserUrl == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
            Matcher m = Pattern.compile("DevTools listening on (ws://\\S+)").matcher(line);
            if (m.find()) browserUrl = m.group(1);
        }
        if (browserUrl == null) {
            process.destroyForcibly();
            throw new IOException("chromium did not open its DevTools port");
        }
        Thread.ofVirtual().start(() -> err.lines().forEach(l -> { })); // keep its stderr drained
        URI base = URI.create(browserUrl.replace("ws://", "http://").replaceAll("/devtools/.*", ""));
        HttpClient http = HttpClient.newHttpClient();
        String pageUrl = null;
        for (JsonNode t : JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body())) {
            if (t.path("type").asText().equals("page")) pageUrl = t.path("webSocketDebuggerUrl").asText();
        }
        if (pageUrl == null) throw new IOException("chromium has no page to drive");
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_S))
                .buildAsync(URI.create(pageUrl), new Listener()).get(TIMEOUT_S, TimeUnit.SECONDS);
        for (String domain : List.of("Page", "Runtime", "Log")) call(domain + ".enable", JSON.createObjectNode());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(partial.toString());
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) f.complete(m);
                    } else {
                        events.add(m);
                    }
                } catch (IOException e) {
                    // Not JSON: not DevTools; ignore.
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    JsonNode call(String method, ObjectNode params) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(msg.toString(), true);
        try {
            JsonNode r = reply.get(TIMEOUT_S, TimeUnit.SECONDS);
            if (r.has("error")) throw new IOException(method + ": " + r.get("error"));
            return r.path("result");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(method + " got no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " interrupted", e);
        }
    }

    /** Loads a URL and waits for its load event. */
    void open(String url) throws IOException, InterruptedException {
        int before = loads();
        call("Page.navigate", JSON.createObjectNode().put("url", url));
        awaitLoad(before);
    }

    int loads() {
        int n = 0;
        for (JsonNode e : events) if (e.path("method").asText().equals("Page.loadEventFired")) n++;
        return n;
    }

    void awaitLoad(int before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (loads() <= before) {
            if (System.nanoTime() > deadline) throw new IOException("the page did not finish loading");
            Thread.sleep(20);
        }
    }

    /** The value of a JavaScript expression evaluated in the page. */
    JsonNode eval(String expression) throws IOException {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) throw new IOException(expression + ": " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Console errors, uncaught exceptions and failed loads the page reported. */
    List<String> errors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            String m = e.path("method").asText();
            JsonNode p = e.path("params");
            if (m.equals("Runtime.exceptionThrown")) out.add(p.path("exceptionDetails").toString());
            if (m.equals("Runtime.consoleAPICalled") && p.path("type").asText().equals("error")) out.add(p.toString());
            if (m.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) out.add(p.toString());
        }
        return out;
    }

    byte[] screenshot() throws IOException {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        return java.util.Base64.getDecoder().decode(r.path("data").asText());
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException e) {
            // The browser goes away below anyway.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
