package org.blockspec.engine.object;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final GHashOrder qomChildren = new GHashOrder();

    /** An object and the type it was created as. */
    public record Created(String type, UserObject object) {
    }

    public UserObjects(ClassLoader loader) {
        for (UserObjectFactory f : ServiceLoader.load(UserObjectFactory.class, loader)) types.put(f.type(), f);
    }

    public Collection<UserObjectFactory> types() { return types.values(); }

    public UserObjectFactory type(String name) { return types.get(name); }

    public Created get(String id) { return objects.get(id); }

    public void add(String type, UserObject o) {
        objects.put(o.id(), new Created(type, o));
        qomChildren.insert(o.id());
    }

    public void remove(String id) {
        if (objects.remove(id) != null) qomChildren.remove(id);
    }

    /** Ids in the order QEMU's {@code /objects} container iterates its children. */
    public List<String> qomOrder() { return qomChildren.keys(); }

    /** The object {@code id} if it is of {@code type}, else null. */
    public UserObject find(String type, String id) {
        Created c = objects.get(id);
        return c != null && c.type().equals(type) ? c.object() : null;
    }
}
