package org.blockspec.engine.spi;

import java.util.List;
import java.util.Optional;

/** What a driver gets while opening a node. Stable SPI. */
public interface OpenContext {
    String nodeName();

    /** The node is opened read-only (explicitly, or inherited from its parent). */
    boolean readOnly();

    /** The node was opened with force-share=on. */
    boolean forceShare();

    /** Driver-specific options, validated. */
    OptionValues options();

    /**
     * Opens (or, for a reference, looks up) the child named by option {@code option} and
     * attaches it to this node under that name with the given role.
     */
    Child openChild(String option, ChildRole role) throws BlockException;

    /** As {@link #openChild}, for an optional child; empty when the option was not given. */
    Optional<Child> openOptionalChild(String option, ChildRole role) throws BlockException;

    /**
     * Opens the children listed in option {@code option} (quorum's {@code children}) and
     * attaches them as {@code option.0}, {@code option.1} ... in order.
     */
    default List<Child> openChildList(String option, ChildRole role) throws BlockException {
        throw new BlockException("child lists are not supported here");
    }

    /** How many children option {@code option} lists, before any is opened. */
    default int childListSize(String option) {
        return 0;
    }

    /** Where the node's driver sends QMP events. */
    default EventSink events() {
        return (event, data) -> { };
    }

    /** Whether a node of this name exists (quorum's and copy-on-read's name checks). */
    default boolean nodeExists(String name) {
        return false;
    }

    Clock clock();

    /** The object-add object {@code id} of type {@code type} (e.g. a throttle-group), or null. */
    default UserObject object(String type, String id) {
        return null;
    }

    /** cache.direct: bypass the host page cache (O_DIRECT), as given or inherited. */
    default boolean cacheDirect() {
        return false;
    }

    /** Reports a warning the way QEMU's warn_report does (once, on standard error). */
    void warn(String message);
}
