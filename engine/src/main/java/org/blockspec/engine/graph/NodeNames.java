package org.blockspec.engine.graph;

import java.util.random.RandomGenerator;

/**
 * Node-name rules and auto-names. A user name starts with an ASCII letter, continues with
 * letters, digits, '-', '.' or '_', and has at most 31 characters. Generated names are
 * {@code #block} + a counter + two random digits; the '#' keeps them out of the user's
 * namespace and the random digits keep people from relying on them. The counter is consumed
 * even by opens that fail, as in QEMU.
 */
public final class NodeNames {
    public static final int MAX_LENGTH = 31;

    private final RandomGenerator random;
    private long counter;

    public NodeNames(RandomGenerator random) {
        this.random = random;
    }

    public String generate() {
        return String.format("#block%d%02d", counter++, random.nextInt(100));
    }

    /** QEMU's id_wellformed. */
    public static boolean wellFormed(String name) {
        if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) return false;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.' && c != '_') return false;
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
