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

    /**
     * Freezes the links from this node down its filter and backing chain to node
     * {@code bottom}, which must lie on it and not be a filter, for as long as this node is
     * open: nothing may replace or remove them (QEMU's bdrv_freeze_backing_chain).
     */
    default void freezeChainTo(String bottom) throws BlockException {
        throw new BlockException("backing chains cannot be frozen here");
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

    /**
     * Prints a line on the process's standard error as QEMU's drivers do while serving
     * requests (no program name in front), e.g. "qcow2: Marking image as corrupt: ...".
     */
    default void error(String message) {
        warn(message);
    }

    /** Reports an error as QEMU's error_report does: the program's name in front, on standard error. */
    default void errorReport(String message) {
        error(message);
    }

    /**
     * Opens the node's backing child as QEMU does for its {@code backing} option: a reference
     * or inline definition is used as given, {@code null} means no backing, and an omitted
     * option opens the image the node's metadata names ({@code named}, may be null): read-only,
     * auto-named, relative to this image's directory, in the recorded or probed format.
     * Errors are QEMU's, prefixed "Could not open backing file: ".
     */
    default Optional<Child> openBacking(BackingFile named) throws BlockException {
        return openOptionalChild("backing", ChildRole.BACKING);
    }

    /** discard=unmap, given or inherited: guest discards may free host storage (BDRV_O_UNMAP). */
    default boolean discardUnmap() {
        return false;
    }

    /** The node is opened to be checked and repaired (QEMU's BDRV_O_CHECK): damage is tolerated. */
    default boolean forCheck() {
        return false;
    }

    /**
     * Reports metadata corruption found while the node is in use: QEMU's BLOCK_IMAGE_CORRUPTED
     * event ({@code offset} and {@code size} -1 when unknown).
     */
    default void imageCorrupted(String message, long offset, long size, boolean fatal) {
    }
}
