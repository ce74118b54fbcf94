package org.blockspec.engine.spi;

/**
 * What a reopen asks of one node: its complete new driver options (omitted ones return to
 * their defaults), its new read-only and cache state, and the user objects (throttle groups)
 * the options may name. Stable SPI.
 */
public record ReopenRequest(OptionValues options, boolean readOnly, boolean cacheDirect, ObjectLookup objects) {
    /** Finds a user object by type and id, as {@link OpenContext#object} does at open. */
    @FunctionalInterface
    public interface ObjectLookup {
        UserObject find(String type, String id);
    }
}
