package org.blockspec.engine.qmp.command;

import org.blockspec.engine.Engine;
import org.blockspec.engine.object.UserObjects;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.spi.OptionField;

/** QOM paths as far as user objects go: {@code ID} or {@code /objects/ID}. */
final class QomPaths {
    private QomPaths() {
    }

    static UserObjects.Created object(Engine engine, String path) {
        String id = path.startsWith("/objects/") ? path.substring("/objects/".length()) : path;
        UserObjects.Created c = engine.objects().get(id);
        if (c == null) throw new QmpError(QmpError.DEVICE_NOT_FOUND, "Device '" + path + "' not found");
        return c;
    }

    static OptionField field(UserObjects.Created o, String property) {
        for (OptionField f : o.object().properties()) if (f.name().equals(property)) return f;
        return null;
    }
}
