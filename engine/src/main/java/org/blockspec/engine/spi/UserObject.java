package org.blockspec.engine.spi;

import java.util.List;

/**
 * An object created with object-add (QEMU's user-creatable QOM objects, e.g. a
 * throttle-group), with properties read by qom-get and changed by qom-set. Stable SPI.
 */
public interface UserObject {
    String id();

    /** Property names, for qom-list (besides {@code type}). */
    List<OptionField> properties();

    /** A property's value as plain Java: String, Long, Boolean, Map, List. */
    Object get(String property);

    /** Changes a property; the value was validated against its declared type. */
    void set(String property, Object value) throws BlockException;

    /** Why the object cannot be deleted now; null when it can. */
    default String busy() {
        return null;
    }
}
