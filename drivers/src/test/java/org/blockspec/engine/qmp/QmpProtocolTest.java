package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.blockspec.engine.Engine;

/**
 * QMP framing and negotiation, fed as raw text the way a socket client sends it, compared
 * with what qemu-storage-daemon 7.2 answered to the same bytes.
 */
class QmpProtocolTest {
    Engine engine;
    QmpMonitor monitor;
    final List<String> out = new ArrayList<>();

    @BeforeEach
    void setUp() {
        engine = Engine.start();
        monitor = engine.monitor(out::add);
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        engine.close();
    }

    List<String> feed(String text) {
        out.clear();
        monitor.feed(text);
        engine.loop().call(() -> null);
        return List.copyOf(out);
    }

    @Test
    void greetingAndNegotiation() {
        monitor.greet();
        assertEquals("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, \"package\": \""
                + Engine.PACKAGE + "\"}, \"capabilities\": [\"oob\"]}}", out.getFirst());
        assertEquals(List.of("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Expecting capabilities "
                + "negotiation with 'qmp_capabilities'\"}}"), feed("{\"execute\":\"query-version\"}\n"));
        assertEquals(List.of("{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'null' does not "
                + "accept value 'foo'\"}}"), feed("{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"foo\"]}}"));
        assertEquals(List.of("{\"return\": {}}"), feed("{\"execute\":\"qmp_capabilities\"}\n"));
        assertEquals(List.of("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"Capabilities negotiation is "
                + "already complete, command ignored\"}}"), feed("{\"execute\":\"qmp_capabilities\"}\n"));
    }

    @Test
    void framingErrorsAsQemuWordsThem() {
        feed("{\"execute\":\"qmp_capabilities\"}");
        String[][] cases = {
                {"garbage\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, invalid keyword 'garbage'\"}}"},
                {"[\"a\"]\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}"},
                {"42\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}"},
                {"\"str\"\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input must be a JSON object\"}}"},
                {"{\"execute\":42}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'execute' must be a string\"}}"},
                {"{\"execute\":\"x\",\"arguments\":[]}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'arguments' must be an object\"}}"},
                {"{\"foo\":1}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'foo' is unexpected\"}}"},
                {"{\"execute\":\"nosuch\"}\n", "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command nosuch has not been found\"}}"},
                {"{\"id\":5}\n", "{\"id\": 5, \"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input lacks member 'execute'\"}}"},
                {"{\"execute\":\"query-version\",\"id\":5,\"control\":1}\n", "{\"id\": 5, \"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'control' is unexpected\"}}"},
                {"{\"exec-oob\":\"query-version\"}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"QMP input member 'exec-oob' is unexpected\"}}"},
                {"{\"execute\":\"query-version\",\"arguments\":{\"x\":1}}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'x' is unexpected\"}}"},
                {"{\"execute\":\"query-named-block-nodes\",\"arguments\":{\"flat\":\"yes\"}}\n", "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Invalid parameter type for 'flat', expected: boolean\"}}"},
                {"{\"execute\":\"x-debug-query-block-graph\",\"id\":null}\n", "{\"return\": {\"edges\": [], \"nodes\": []}, \"id\": null}"},
        };
        for (String[] c : cases) assertEquals(List.of(c[1]), feed(c[0]), c[0]);
    }

    @Test
    void idIsEchoedVerbatim() {
        feed("{\"execute\":\"qmp_capabilities\"}");
        assertEquals(List.of("{\"return\": {\"qemu\": {\"micro\": 22, \"minor\": 2, \"major\": 7}, \"package\": \""
                + Engine.PACKAGE + "\"}, \"id\": {\"a\": [1, 2]}}"),
                feed("{\"execute\":\"query-version\",\"id\":{\"a\":[1,2]}}"));
    }

    @Test
    void messagesMaySplitAndShareLinesAndUseSingleQuotes() {
        feed("{\"execute\":\"qmp_capabilities\"}");
        List<String> r = feed("{\"execute\": \"query-commands\", \"id\": 1} {'execute': 'x-debug-query-block-graph', "
                + "'id': 2}\n{\"execute\":\"x-debug-query-block-graph\",\n\"id\":3}\n");
        assertEquals(3, r.size());
        assertEquals("{\"return\": {\"edges\": [], \"nodes\": []}, \"id\": 3}", r.get(2));
        List<String> chunked = new ArrayList<>();
        for (char c : "{\"execute\":\"x-debug-query-block-graph\",\"id\":4}".toCharArray()) {
            chunked.addAll(feed(String.valueOf(c)));
        }
        assertEquals(List.of("{\"return\": {\"edges\": [], \"nodes\": []}, \"id\": 4}"), chunked);
    }

    @Test
    void strayCloserIsAParseError() {
        feed("{\"execute\":\"qmp_capabilities\"}");
        assertEquals(List.of("{\"return\": {\"edges\": [], \"nodes\": []}}",
                        "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, expecting value\"}}"),
                feed("{\"execute\":\"x-debug-query-block-graph\"\n}}\n"));
    }
}
