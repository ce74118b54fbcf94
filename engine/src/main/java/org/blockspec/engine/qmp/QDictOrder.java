package org.blockspec.engine.qmp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which QEMU iterates a QDict: by hash bucket (QEMU's tdb hash of the key,
 * modulo 512), and within a bucket newest key first. It decides the key order of json:
 * pseudo-filenames and which of several bad QMP members is reported, so we reproduce it.
 */
public final class QDictOrder {
    private static final int BUCKETS = 512;

    private QDictOrder() {
    }

    static int bucket(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        int value = 0x238F13AF * b.length;
        for (int i = 0; i < b.length; i++) {
            value += (b[i] & 0xff) << (i * 5 % 24);
        }
        int hash = 1103515243 * value + 12345;
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }

    /** Keys (given in insertion order) in QDict iteration order. */
    public static List<String> order(Iterable<String> insertionOrder) {
        List<String> keys = new ArrayList<>();
        for (String k : insertionOrder) keys.add(k);
        List<String> reversed = new ArrayList<>(keys.reversed());
        reversed.sort(Comparator.comparingInt(QDictOrder::bucket)); // stable: newest first within a bucket
        return reversed;
    }
}
