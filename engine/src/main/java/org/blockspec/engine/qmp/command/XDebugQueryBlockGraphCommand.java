package org.blockspec.engine.qmp.command;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.BlockNode;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.graph.JobParent;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpContext;
import org.blockspec.engine.spi.OptionField;

/**
 * The whole graph with every edge's permissions. Ids are handed out as QEMU does: first
 * reference wins, walking BlockBackends (and their root edges), block jobs (and their edges),
 * then nodes in naming order
 * (and their child edges); both lists come out newest first.
 */
public final class XDebugQueryBlockGraphCommand implements QmpCommand {
    @Override public String name() { return "x-debug-query-block-graph"; }

    @Override public List<OptionField> arguments() { return List.of(); }

    @Override public JsonNode execute(QmpContext ctx, Map<String, Object> args, JsonNode raw) {
        Map<Object, Integer> ids = new IdentityHashMap<>();
        List<ObjectNode> nodes = new ArrayList<>();
        List<ObjectNode> edges = new ArrayList<>();
        for (BlockBackend b : ctx.engine().graph().backends()) {
            nodes.add(node(id(ids, b), "block-backend", b.graphName()));
            if (b.root() != null) edges.add(edge(ids, id(ids, b), b.root()));
        }
        for (JobParent j : ctx.engine().graph().jobs()) {
            nodes.add(node(id(ids, j), "block-job", j.id()));
            for (ChildEdge c : j.edges()) edges.add(edge(ids, id(ids, j), c));
        }
        for (BlockNode n : ctx.engine().graph().nodes()) {
            nodes.add(node(id(ids, n), "block-driver", n.name()));
            for (ChildEdge c : n.children()) edges.add(edge(ids, id(ids, n), c)); // newest first, as QEMU keeps them
        }
        ObjectNode out = QmpContext.empty();
        ArrayNode ns = out.putArray("nodes");
        nodes.reversed().forEach(ns::add);
        ArrayNode es = out.putArray("edges");
        edges.reversed().forEach(es::add);
        return out;
    }

    private static int id(Map<Object, Integer> ids, Object o) {
        return ids.computeIfAbsent(o, k -> ids.size() + 1);
    }

    private static ObjectNode node(int id, String type, String name) {
        ObjectNode n = QmpContext.empty();
        n.put("id", id);
        n.put("type", type);
        n.put("name", name);
        return n;
    }

    private static ObjectNode edge(Map<Object, Integer> ids, int parent, ChildEdge c) {
        ObjectNode e = QmpContext.empty();
        e.put("parent", parent);
        e.put("child", id(ids, c.child()));
        e.put("name", c.name());
        ArrayNode perm = e.putArray("perm");
        c.perms().perm().qmpNames().forEach(perm::add);
        ArrayNode shared = e.putArray("shared-perm");
        c.perms().shared().qmpNames().forEach(shared::add);
        return e;
    }
}
