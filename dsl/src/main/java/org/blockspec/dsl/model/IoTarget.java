package org.blockspec.dsl.model;

/** What a data step reads or writes: a guest device (through its backend) or a node. */
public sealed interface IoTarget {
    String name();

    record Device(String name) implements IoTarget {
    }

    record Node(String name) implements IoTarget {
    }
}
