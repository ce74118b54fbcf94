package org.blockspec.engine.job;

import java.util.List;

/**
 * The drivers of filter nodes that only jobs insert (they are not in the driver registry:
 * blockdev-add cannot make them), as query-named-block-nodes names them. A new job type with
 * its own internal filter adds its name here, so scenarios may name it in graph checks.
 */
public final class JobFilters {
    public static final List<String> DRIVERS = List.of("mirror_top");

    private JobFilters() {
    }
}
