package org.blockspec.engine.graph;

import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.OptionValues;

/**
 * One node's validated blockdev-add options: the members common to every driver, the
 * driver's own options, and its child references. {@code readOnly}, {@code forceShare} and
 * {@code cache} are null when not given, because only explicit values stop inheritance from
 * the parent.
 */
public record BlockdevOptions(String driver, String nodeName, Boolean readOnly, Boolean forceShare,
                              Boolean autoReadOnly, CacheOptions cache, String discard, String detectZeroes,
                              OptionValues driverOptions, Map<String, ChildSpec> children,
                              Map<String, List<ChildSpec>> childLists) {

    public record CacheOptions(boolean direct, boolean noFlush) {
        public static final CacheOptions DEFAULT = new CacheOptions(false, false);
    }

    public BlockdevOptions {
        children = Map.copyOf(children);
        childLists = Map.copyOf(childLists);
    }

    public ChildSpec child(String option) {
        return children.get(option);
    }

    /** The same options with one more child reference. */
    public BlockdevOptions withChild(String option, ChildSpec child) {
        Map<String, ChildSpec> more = new java.util.LinkedHashMap<>(children);
        more.put(option, child);
        return new BlockdevOptions(driver, nodeName, readOnly, forceShare, autoReadOnly, cache, discard, detectZeroes,
                driverOptions, more, childLists);
    }
}
