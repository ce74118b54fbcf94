package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class QmpJsonStreamerTest {
    final List<String> messages = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final QmpJsonStreamer s = new QmpJsonStreamer(messages::add, errors::add);

    @Test
    void splitsOnBalancedBraces() {
        s.feed("{\"a\": {\"b\": \"}\"}} {'c': '{'}\n[1, [2]] garbage 42 ");
        assertEquals(List.of("{\"a\": {\"b\": \"}\"}}", "{'c': '{'}", "[1, [2]]", "garbage", "42"), messages);
    }

    @Test
    void escapedQuotesStayInsideStrings() {
        s.feed("{\"a\": \"x\\\"}\"}");
        assertEquals(List.of("{\"a\": \"x\\\"}\"}"), messages);
    }

    @Test
    void strayCloserBecomesItsOwnMessage() {
        s.feed("}");
        assertEquals(List.of("}"), messages);
    }

    @Test
    void deepNestingIsRefused() {
        s.feed("[".repeat(QmpJsonStreamer.MAX_DEPTH + 1));
        assertEquals(List.of("JSON parse error, nesting too deep"), errors);
    }

    @Test
    void trailingWordAtEndOfInput() {
        s.feed("garbage");
        s.finish();
        assertEquals(List.of("garbage"), messages);
    }
}
