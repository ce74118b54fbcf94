package org.blockspec.dsl.cucumber;

import org.blockspec.engine.graph.DriverRegistry;

/** The drivers on the class path, found once per class loader: immutable, so every scenario may share them. */
final class Drivers {
    private Drivers() {
    }

    private static final class Holder {
        static final DriverRegistry REGISTRY = DriverRegistry.load(Drivers.class.getClassLoader());
    }

    static DriverRegistry get() {
        return Holder.REGISTRY;
    }
}
