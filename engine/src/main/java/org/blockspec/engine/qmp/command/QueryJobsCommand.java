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

/** query-jobs: every job, newest first, with its progress and (once it has one) its error. */
public final class QueryJobsCommand implements QmpCommand {
    @Override public String name() { return "query-jobs"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        ArrayNode out = QmpContext.JSON.arrayNode();
        for (Job j : ctx.engine().jobs().all()) {
            ObjectNode o = out.addObject();
            o.put("id", j.id());
            o.put("type", j.type().qmpName());
            o.put("status", j.status().qmpName());
            o.put("current-progress", j.progressCurrent());
            o.put("total-progress", j.progressTotal());
            if (j.errorMessage() != null) o.put("error", j.errorMessage());
        }
        return out;
    }
}
