package org.blockspec.dsl.model;

/** An expected event: its name and (partially matched) data. */
public record EventPattern(String name, JsonPattern data) {
    @Override
    public String toString() {
        return name + " " + data;
    }
}
