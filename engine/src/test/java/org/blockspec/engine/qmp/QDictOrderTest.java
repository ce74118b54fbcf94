package org.blockspec.engine.qmp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** QEMU's QDict iteration order, checked against key orders seen in QEMU 7.2's output. */
class QDictOrderTest {
    @Test
    void matchesObservedOrders() {
        assertEquals(List.of("offset", "driver", "size", "file"),
                QDictOrder.order(List.of("driver", "offset", "size", "file")));
        assertEquals(List.of("read-zeroes", "driver"), QDictOrder.order(List.of("driver", "read-zeroes")));
        assertEquals(List.of("return", "id"), QDictOrder.order(List.of("id", "return")));
        assertEquals(List.of("id", "error"), QDictOrder.order(List.of("error", "id")));
        assertEquals(List.of("timestamp", "event", "data"), QDictOrder.order(List.of("event", "data", "timestamp")));
        // Same bucket: the key inserted last comes first (QAPI visits major, minor, micro).
        assertEquals(List.of("micro", "minor", "major"), QDictOrder.order(List.of("major", "minor", "micro")));
        assertEquals(List.of("name", "parent", "shared-perm", "perm", "child"),
                QDictOrder.order(List.of("parent", "child", "name", "perm", "shared-perm")));
    }
}
