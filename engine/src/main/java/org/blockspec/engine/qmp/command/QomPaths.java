package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.Engine;
import org.blockspec.engine.object.UserObjects;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.OptionField;

/**
 * QOM paths as far as the storage daemon's tree goes: the root, the {@code /objects}
 * container and the user objects in it; absolute ({@code /objects/ID}) or partial
 * ({@code ID}, {@code objects}), as QEMU resolves them.
 */
final class QomPaths {
    private QomPaths() {
    }

    /** What a path names. */
    sealed interface Target {
    }

    record Root() implements Target {
    }

    record Objects() implements Target {
    }

    record Obj(UserObjects.Created created) implements Target {
    }

    static Target resolve(Engine engine, String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) if (!p.isEmpty()) parts.add(p);
        boolean absolute = path.startsWith("/");
        Target t = null;
        if (absolute && parts.isEmpty()) {
            t = new Root();
        } else if (parts.equals(List.of("objects"))) {
            t = new Objects();
        } else if (parts.size() == 2 && parts.getFirst().equals("objects") || !absolute && parts.size() == 1) {
            UserObjects.Created c = engine.objects().get(parts.getLast());
            if (c != null) t = new Obj(c);
        }
        if (t == null) throw new QmpError(QmpError.DEVICE_NOT_FOUND, "Device '" + path + "' not found");
        return t;
    }

    /** A path that must name a user object (for its properties). */
    static UserObjects.Created object(Engine engine, String path) {
        if (resolve(engine, path) instanceof Obj o) return o.created();
        throw new QmpError(QmpError.DEVICE_NOT_FOUND, "Device '" + path + "' not found");
    }

    static OptionField field(UserObjects.Created o, String property) {
        for (OptionField f : o.object().properties()) if (f.name().equals(property)) return f;
        return null;
    }
}
