package org.blockspec.engine.graph;

import java.util.Collection;
import java.util.Collections;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.blockspec.engine.spi.BlockDriverFactory;

/**
 * The drivers one engine knows, found through {@link ServiceLoader} on the class path. The
 * engine never names a driver class; adding a driver is adding a file and a service entry.
 */
public final class DriverRegistry {
    private final TreeMap<String, BlockDriverFactory> byName = new TreeMap<>();

    public DriverRegistry(Iterable<BlockDriverFactory> factories) {
        for (BlockDriverFactory f : factories) {
            BlockDriverFactory old = byName.putIfAbsent(f.name(), f);
            if (old != null) {
                throw new IllegalStateException("two drivers named '" + f.name() + "': "
                        + old.getClass().getName() + " and " + f.getClass().getName());
            }
        }
    }

    public static DriverRegistry load(ClassLoader loader) {
        return new DriverRegistry(ServiceLoader.load(BlockDriverFactory.class, loader));
    }

    public BlockDriverFactory get(String name) {
        return byName.get(name);
    }

    public Collection<BlockDriverFactory> all() {
        return Collections.unmodifiableCollection(byName.values());
    }
}
