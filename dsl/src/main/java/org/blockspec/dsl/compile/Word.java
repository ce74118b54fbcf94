package org.blockspec.dsl.compile;

import org.blockspec.dsl.model.SourcePos;

/**
 * A word of scenario text, whatever the surface syntax, with where it was written;
 * {@code quoted} words are taken as written (a quoted {@code "64k"} stays a string).
 */
public record Word(String text, SourcePos pos, boolean quoted) {
    public static Word of(String text, SourcePos pos) {
        return new Word(text, pos, false);
    }
}
