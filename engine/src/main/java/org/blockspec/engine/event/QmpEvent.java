package org.blockspec.engine.event;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An asynchronous QMP event with its timestamp, ready to be written to a monitor. */
public record QmpEvent(String name, long epochMicros, ObjectNode data) {
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode ts = o.putObject("timestamp");
        ts.put("seconds", epochMicros / 1_000_000);
        ts.put("microseconds", epochMicros % 1_000_000);
        o.put("event", name);
        if (data != null) o.set("data", data);
        return o;
    }
}
