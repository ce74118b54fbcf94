package org.blockspec.engine.qmp.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.blockspec.engine.qmp.QmpJson;

/**
 * QMP input read as QEMU 7.2 reads it. Every expected text here is what qemu-storage-daemon
 * answered to the same bytes (errors as their desc, values re-written as QEMU writes them).
 */
class QmpInputTest {
    private static List<String> read(byte[] input) {
        List<String> out = new ArrayList<>();
        QmpInput in = new QmpInput(v -> out.add(QmpJson.write(v)), out::add);
        // Fed one byte at a time: messages may arrive in any pieces.
        for (byte b : input) in.feed(new byte[] {b}, 0, 1);
        return out;
    }

    private static List<String> read(String input) {
        return read(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void messagesEndWhenBracesBalanceWhereverLinesEnd() {
        assertEquals(List.of("{\"a\": {\"b\": \"}\"}}", "{\"c\": \"{\"}", "[1, [2]]", "42"),
                read("{\"a\": {\"b\": \"}\"}} {'c': '{'}\n[1,\n [2]] 42 "));
    }

    @Test
    void syntaxErrorsHaveQemusTexts() {
        assertEquals(List.of("JSON parse error, expected separator in dict"), read("{\"execute\":\"x\" \"y\":1}"));
        assertEquals(List.of("JSON parse error, missing : in object pair"), read("{\"execute\" \"x\"}"));
        assertEquals(List.of("JSON parse error, key is not a string in object"), read("{1:\"x\"}"));
        assertEquals(List.of("JSON parse error, duplicate key"), read("{\"a\":1,\"a\":2}"));
        assertEquals(List.of("JSON parse error, expecting value"), read("{\"execute\":}"));
        assertEquals(List.of("JSON parse error, expected separator in list"), read("[\"a\" \"b\"]"));
        assertEquals(List.of("JSON parse error, invalid keyword 'tru'"), read("{\"a\":tru}"));
        assertEquals(List.of("JSON parse error, invalid escape sequence in string"), read("{\"a\":\"q\\x\"}"));
        assertEquals(List.of("JSON parse error, \\u12\" is not a valid Unicode character"), read("{\"a\":\"q\\u12\"}"));
        assertEquals(List.of("JSON parse error, \\ud800 is not a valid Unicode character"), read("{\"a\":\"\\ud800\"}"));
        assertEquals(List.of("JSON parse error, expecting value"), read("}"));
    }

    @Test
    void aLexicalErrorIsReportedThenInputResynchronizes() {
        // "01" cannot be a number; skipping to the '}' leaves a lone closer, reported too.
        assertEquals(List.of("JSON parse error, stray '01'", "JSON parse error, expecting value"), read("{\"id\":01}\n"));
        assertEquals(List.of("JSON parse error, stray '1.}'"), read("{\"id\":1.}\n"));
        assertEquals(List.of("JSON parse error, stray '\"q\t'", "JSON parse error, expecting value"), read("{\"a\":\"q\tx\"}\n"));
        assertEquals(List.of("JSON parse error, stray '\"\uFFFD'", "JSON parse error, stray '\uFFFD'",
                "JSON parse error, expecting value"), read(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'}));
        assertEquals(List.of("{\"ok\": true}"), read("{\"ok\":true}"), "and the next message is read normally");
    }

    @Test
    void nestingDeeperThanQemuAllowsIsRefused() {
        assertEquals(List.of("JSON nesting depth limit exceeded"), read("[".repeat(MessageSplitter.MAX_NESTING + 1)));
    }

    @Test
    void numbersAndStringsComeBackAsQemuWritesThem() {
        assertEquals(List.of("[0.10000000000000001, 100000, -1.4999999999999999e-07, inf, 1.2345678901234568e+29, "
                + "18446744073709551615, -9223372036854775808]"),
                read("[0.1, 1e5, -1.5e-7, 1e400, 123456789012345678901234567890, 18446744073709551615, -9223372036854775808]"));
        assertEquals(List.of("[\"caf\\u00E9\", \"\\u007F\", \"\\uD83D\\uDE00\", \"a/b\", \"it's\"]"),
                read("[\"caf\u00e9\", \"\u007f\", \"\\ud83d\\ude00\", \"a\\/b\", 'it\\'s']"));
    }

    @Test
    void aTrailingWordIsJudgedAtTheEnd() {
        List<String> out = new ArrayList<>();
        QmpInput in = new QmpInput(v -> out.add(QmpJson.write(v)), out::add);
        in.feed("{\"a\":1} garbage");
        assertEquals(List.of("{\"a\": 1}"), out);
        in.finish();
        assertEquals(List.of("{\"a\": 1}", "JSON parse error, invalid keyword 'garbage'"), out);
    }
}
