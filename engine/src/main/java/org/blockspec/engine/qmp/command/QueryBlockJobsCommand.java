package org.blockspec.engine.qmp.command;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.job.Job;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/** query-block-jobs: the block jobs, newest first, in QEMU's BlockJobInfo. */
public final class QueryBlockJobsCommand implements QmpCommand {
    @Override public String name() { return "query-block-jobs"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ArrayNode out = QmpContext.JSON.arrayNode();
        for (Job j : ctx.engine().jobs().all()) {
            if (!j.type().blockJob()) continue;
            ObjectNode o = out.addObject();
            o.put("type", j.type().qmpName());
            o.put("device", j.id());
            o.put("len", j.progressTotal());
            o.put("offset", j.progressCurrent());
            o.put("busy", j.busy());
            o.put("paused", j.pausedForQuery());
            o.put("speed", j.speed());
            o.put("io-status", j.ioStatus().qmpName());
            o.put("ready", j.isReady());
            o.put("status", j.status().qmpName());
            o.put("auto-finalize", j.autoFinalize());
            o.put("auto-dismiss", j.autoDismiss());
            if (j.error() != null) o.put("error", j.errorMessage());
        }
        return out;
    }
}
