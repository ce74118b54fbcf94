package org.blockspec.engine.object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where GLib's GHashTable keeps string keys, so that listings QEMU takes from one (the
 * children of a QOM container, for qom-list) come out in the same order: g_str_hash, slot
 * {@code hash * 11 mod prime}, quadratic probing, tombstones for removed keys, and resizing
 * when the table gets too full or too empty.
 */
final class GHashOrder {
    private static final int MIN_SHIFT = 3;
    private static final int[] PRIMES = {1, 2, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191, 16381,
            32749, 65521, 131071, 262139, 524287, 1048573};
    private static final String TOMBSTONE = new String("<removed>");

    private String[] slots = new String[1 << MIN_SHIFT];
    private int[] hashes = new int[1 << MIN_SHIFT];
    private int shift = MIN_SHIFT;
    private int nodes;
    private int occupied; // nodes and tombstones

    void insert(String key) {
        int hash = hash(key);
        int i = index(hash);
        int step = 0;
        int tombstone = -1;
        while (slots[i] != null) {
            if (slots[i] == TOMBSTONE) {
                if (tombstone < 0) tombstone = i;
            } else if (hashes[i] == hash && slots[i].equals(key)) {
                return;
            }
            step++;
            i = (i + step) & (slots.length - 1);
        }
        if (tombstone >= 0) {
            i = tombstone;
        } else {
            occupied++;
        }
        slots[i] = key;
        hashes[i] = hash;
        nodes++;
        maybeResize();
    }

    void remove(String key) {
        int hash = hash(key);
        int i = index(hash);
        int step = 0;
        while (slots[i] != null) {
            if (slots[i] != TOMBSTONE && hashes[i] == hash && slots[i].equals(key)) {
                slots[i] = TOMBSTONE;
                nodes--;
                maybeResize();
                return;
            }
            step++;
            i = (i + step) & (slots.length - 1);
        }
    }

    /** Keys in iteration order (slot order). */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        for (String s : slots) if (s != null && s != TOMBSTONE) out.add(s);
        return out;
    }

    private void maybeResize() {
        int size = slots.length;
        if ((size > nodes * 4 && size > 1 << MIN_SHIFT) || size <= occupied + occupied / 16) resize();
    }

    private void resize() {
        List<String> live = keys();
        int bits = 0;
        for (int n = (int) (nodes * 1.333); n != 0; n >>>= 1) bits++; // GLib 2.74 sizes for 3/4 load
        shift = Math.max(bits, MIN_SHIFT);
        slots = new String[1 << shift];
        hashes = new int[1 << shift];
        nodes = 0;
        occupied = 0;
        for (String k : live) insert(k);
    }

    private int index(int hash) {
        return (int) (Integer.toUnsignedLong(hash * 11) % PRIMES[shift]);
    }

    /** g_str_hash (djb2 over the UTF-8 bytes); GLib reserves 0 and 1 for unused slots and tombstones. */
    private static int hash(String key) {
        int h = 5381;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) h = h * 33 + (b & 0xff);
        return Integer.compareUnsigned(h, 2) < 0 ? 2 : h;
    }
}
