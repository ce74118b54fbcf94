package org.blockspec.engine.object;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.blockspec.engine.spi.UserObject;
import org.blockspec.engine.spi.UserObjectFactory;

/**
 * The object types an engine can create (found through ServiceLoader) and the objects that
 * exist in it, by id: QEMU's {@code /objects} container.
 */
public final class UserObjects {
    private final Map<String, UserObjectFactory> types = new TreeMap<>();
    private final Map<String, Created> objects = new LinkedHashMap<>();

    /** An object and the type it was created as. */
    public record Created(String type, UserObject object) {
    }

    public UserObjects(ClassLoader loader) {
        for (UserObjectFactory f : ServiceLoader.load(UserObjectFactory.class, loader)) types.put(f.type(), f);
    }

    public Collection<UserObjectFactory> types() { return types.values(); }

    public UserObjectFactory type(String name) { return types.get(name); }

    public Created get(String id) { return objects.get(id); }

    public void add(String type, UserObject o) { objects.put(o.id(), new Created(type, o)); }

    public void remove(String id) { objects.remove(id); }

    /** The object {@code id} if it is of {@code type}, else null. */
    public UserObject find(String type, String id) {
        Created c = objects.get(id);
        return c != null && c.type().equals(type) ? c.object() : null;
    }
}
