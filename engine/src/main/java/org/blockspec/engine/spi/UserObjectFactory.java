package org.blockspec.engine.spi;

import java.util.List;

/** A type of object-add object, found through {@link java.util.ServiceLoader}. Stable SPI. */
public interface UserObjectFactory {
    /** The {@code qom-type}, e.g. {@code throttle-group}. */
    String type();

    /** object-add members besides qom-type and id, in QAPI order. */
    List<OptionField> options();

    UserObject create(String id, OptionValues options, Clock clock) throws BlockException;
}
