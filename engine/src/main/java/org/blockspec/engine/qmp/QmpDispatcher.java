package org.blockspec.engine.qmp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.Engine;
import org.blockspec.engine.qmp.json.QmpInput;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.BlockException;

/**
 * Turns one QMP message into one reply: framing checks with QEMU's texts, negotiation mode,
 * command lookup, argument validation, and the handler's result or error. Never throws for
 * bad input; an exception escaping a handler is an engine bug and becomes a GenericError
 * naming it rather than taking the monitor down.
 */
public final class QmpDispatcher {
    public static final String CAPABILITIES = "qmp_capabilities";

    private final Engine engine;
    private final Map<String, QmpCommand> commands = new LinkedHashMap<>();
    private final ObjectNode version;

    public QmpDispatcher(Engine engine, Collection<QmpCommand> all, ObjectNode version) {
        this.engine = engine;
        for (QmpCommand c : all) {
            if (commands.putIfAbsent(c.name(), c) != null) throw new IllegalStateException("duplicate " + c.name());
        }
        this.version = version;
    }

    public Collection<QmpCommand> commands() {
        return commands.values();
    }

    /** The query-version value: {@code {"qemu": {...}, "package": ...}}. */
    public ObjectNode version() {
        return version.deepCopy();
    }

    public ObjectNode greeting() {
        ObjectNode g = JsonNodeFactory.instance.objectNode();
        ObjectNode qmp = g.putObject("QMP");
        qmp.set("version", version());
        qmp.putArray("capabilities").add("oob");
        return g;
    }

    /** Runs the first message of {@code text}, read as QEMU reads QMP input. */
    public JsonNode dispatch(QmpMonitor monitor, String text) {
        List<QmpInput.Result> messages = QmpInput.parseAll(text);
        if (messages.isEmpty()) return errorReply(QmpError.generic("JSON parse error, expecting value"), null);
        return switch (messages.getFirst()) {
            case QmpInput.Result.Value v -> dispatch(monitor, v.json());
            case QmpInput.Result.Error e -> errorReply(QmpError.generic(e.desc()), null);
        };
    }

    /** Runs one parsed message. */
    public JsonNode dispatch(QmpMonitor monitor, JsonNode req) {
        engine.events().flushDue(); // rate-limited events whose period ended on a virtual clock
        if (!req.isObject()) return errorReply(QmpError.generic("QMP input must be a JSON object"), null);
        JsonNode id = req.get("id");
        try {
            String name = checkFraming(monitor, req);
            JsonNode args = req.get("arguments");
            if (args == null) args = JsonNodeFactory.instance.objectNode();
            JsonNode ret = run(monitor, name, args);
            ObjectNode reply = JsonNodeFactory.instance.objectNode();
            reply.set("return", ret);
            if (id != null) reply.set("id", id);
            return reply;
        } catch (QmpError e) {
            return errorReply(e, id);
        }
    }

    public static ObjectNode errorReply(QmpError e, JsonNode id) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        ObjectNode err = reply.putObject("error");
        err.put("class", e.errorClass());
        err.put("desc", e.desc());
        if (id != null) reply.set("id", id);
        return reply;
    }

    private String checkFraming(QmpMonitor monitor, JsonNode req) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = req.fieldNames(); it.hasNext(); ) keys.add(it.next());
        String execute = null;
        for (String k : QDictOrder.order(keys)) {
            JsonNode v = req.get(k);
            switch (k) {
                case "execute" -> {
                    if (!v.isTextual()) throw QmpError.generic("QMP input member 'execute' must be a string");
                    execute = v.textValue();
                }
                case "exec-oob" -> {
                    if (!monitor.oobEnabled()) throw QmpError.generic("QMP input member 'exec-oob' is unexpected");
                    if (!v.isTextual()) throw QmpError.generic("QMP input member 'exec-oob' must be a string");
                    execute = v.textValue();
                }
                case "arguments" -> {
                    if (!v.isObject()) throw QmpError.generic("QMP input member 'arguments' must be an object");
                }
                case "id" -> { }
                default -> throw QmpError.generic("QMP input member '" + k + "' is unexpected");
            }
        }
        if (execute == null) throw QmpError.generic("QMP input lacks member 'execute'");
        return execute;
    }

    private JsonNode run(QmpMonitor monitor, String name, JsonNode args) {
        if (!monitor.commandMode() && !name.equals(CAPABILITIES)) {
            throw new QmpError(QmpError.COMMAND_NOT_FOUND, "Expecting capabilities negotiation with 'qmp_capabilities'");
        }
        QmpCommand cmd = commands.get(name);
        if (cmd == null) throw new QmpError(QmpError.COMMAND_NOT_FOUND, "The command " + name + " has not been found");
        Map<String, Object> parsed = cmd.validatesOwnArguments() ? Map.of()
                : new QapiInput(false, null).struct(cmd.arguments(), args, "");
        try {
            return cmd.execute(new QmpContext(engine, monitor), parsed, args);
        } catch (BlockException e) {
            throw QmpError.generic(e.getMessage());
        } catch (QmpError e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // An engine bug answers this command with an error; the monitor and the daemon go on.
            engine.reportBug("QMP command " + name, e);
            throw QmpError.generic("Internal error in " + name + ": " + e);
        }
    }
}
