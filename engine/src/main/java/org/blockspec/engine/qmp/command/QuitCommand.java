package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/**
 * Asks the process to shut down (closing nodes and releasing locks). The reply is still
 * written, because shutting down waits for the event loop's current task; nothing sent
 * after quit is answered.
 */
public final class QuitCommand implements QmpCommand {
    @Override public String name() { return "quit"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        // qemu-system announces the shutdown first; then exports close and jobs are cancelled,
        // all before the reply, as QEMU's BLOCK_EXPORT_DELETED and job events precede it.
        if (ctx.engine().systemEmulator()) {
            ctx.engine().events().emit("SHUTDOWN", QmpContext.empty().put("guest", false).put("reason", "host-qmp-quit"));
        }
        ctx.engine().prepareShutdown();
        ctx.engine().requestQuit(ctx.monitor());
        return QmpContext.empty();
    }
}
