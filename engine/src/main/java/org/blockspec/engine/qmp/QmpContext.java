package org.blockspec.engine.qmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.Engine;

/** What a command handler sees: the engine and the monitor it was issued on. */
public record QmpContext(Engine engine, QmpMonitor monitor) {
    public static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The empty object most commands return. */
    public static ObjectNode empty() {
        return JSON.objectNode();
    }
}
