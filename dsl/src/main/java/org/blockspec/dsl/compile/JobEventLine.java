package org.blockspec.dsl.compile;

import org.blockspec.dsl.model.JsonPattern;

/** A line of a job-events expectation as written: a state name or an event, with data or null. */
public record JobEventLine(Word name, JsonPattern data) {
}
