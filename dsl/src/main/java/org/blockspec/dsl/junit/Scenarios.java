package org.blockspec.dsl.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose name the build tool picks up (e.g. {@code LibraryTest}) as the
 * anchor of scenario files: Surefire hands test engines classes only, so the blockspec
 * engine turns this class into the files below the given directories (relative to the
 * working directory) or class-path resource folders.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Scenarios {
    /** Directories or class-path folders holding {@code .scenario} and {@code .qmp} files. */
    String[] value();
}
