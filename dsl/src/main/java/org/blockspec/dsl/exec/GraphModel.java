package org.blockspec.dsl.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.dsl.model.GraphRef;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;

/**
 * The graph of a process as QMP shows it (x-debug-query-block-graph for nodes, edges and
 * permissions, query-named-block-nodes for drivers), with scenario names for everything:
 * node names, {@code device vda} for guest devices, and positional names such as
 * {@code disk0/file} for nodes with generated names.
 */
public final class GraphModel {
    /** A node or BlockBackend; {@code driver} is null for backends. */
    public record Vertex(int id, String rawName, String type, String driver) {
        public boolean backend() { return type.equals("block-backend"); }

        public boolean job() { return type.equals("block-job"); }
    }

    public record Edge(Vertex parent, Vertex child, String name, PermSet perm, PermSet shared) {
    }

    private final Map<Integer, Vertex> vertices = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Map<Vertex, String> labels = new HashMap<>();

    public GraphModel(JsonNode graph, JsonNode namedNodes) {
        Map<String, String> drivers = new HashMap<>();
        for (JsonNode n : namedNodes) drivers.put(n.get("node-name").asText(), n.get("drv").asText());
        List<JsonNode> nodes = new ArrayList<>();
        graph.get("nodes").forEach(nodes::add);
        for (JsonNode n : nodes.reversed()) {
            String name = n.get("name").asText();
            String type = n.get("type").asText();
            vertices.put(n.get("id").asInt(), new Vertex(n.get("id").asInt(), name, type,
                    type.equals("block-driver") ? drivers.get(name) : null));
        }
        List<JsonNode> es = new ArrayList<>();
        graph.get("edges").forEach(es::add);
        for (JsonNode e : es.reversed()) {
            edges.add(new Edge(vertices.get(e.get("parent").asInt()), vertices.get(e.get("child").asInt()),
                    e.get("name").asText(), perms(e.get("perm")), perms(e.get("shared-perm"))));
        }
        label();
    }

    private static PermSet perms(JsonNode list) {
        PermSet s = PermSet.NONE;
        for (JsonNode p : list) s = s.plus(Perm.fromQmpName(p.asText()));
        return s;
    }

    /** Scenario names: devices and named nodes first, then generated ones by position. */
    private void label() {
        Deque<Vertex> queue = new ArrayDeque<>();
        for (Vertex v : vertices.values()) {
            String l = null;
            if (v.backend()) l = deviceId(v.rawName()) != null ? deviceId(v.rawName()) : "<backend " + v.id() + ">";
            else if (!v.rawName().startsWith("#")) l = v.rawName(); // node names and job ids
            if (l != null) {
                labels.put(v, l);
                queue.add(v);
            }
        }
        while (!queue.isEmpty()) {
            Vertex p = queue.poll();
            for (Edge e : edges) {
                if (e.parent() == p && !labels.containsKey(e.child())) {
                    labels.put(e.child(), labels.get(p) + "/" + pathSegment(e.name()));
                    queue.add(e.child());
                }
            }
        }
        for (Vertex v : vertices.values()) labels.putIfAbsent(v, v.rawName());
    }

    /** Edge names in paths: a job's {@code main node} is written {@code main-node}. */
    static String pathSegment(String edgeName) {
        return edgeName.replace(' ', '-');
    }

    /** {@code vda} for {@code /machine/peripheral/vda/virtio-backend}. */
    public static String deviceId(String backendName) {
        String prefix = "/machine/peripheral/";
        String suffix = "/virtio-backend";
        if (backendName.startsWith(prefix) && backendName.endsWith(suffix)) {
            return backendName.substring(prefix.length(), backendName.length() - suffix.length());
        }
        return null;
    }

    public String label(Vertex v) { return labels.get(v); }

    public List<Edge> edges() { return edges; }

    public java.util.Collection<Vertex> vertices() { return vertices.values(); }

    /** The vertex a reference names, or a message saying where the path broke off. */
    public sealed interface Resolved {
        record Found(Vertex vertex, List<Edge> via) implements Resolved {
        }

        record Missing(String why) implements Resolved {
        }
    }

    public Resolved resolve(GraphRef ref) {
        Vertex v = null;
        for (Vertex c : vertices.values()) {
            boolean match = switch (ref.kind()) {
                case DEVICE -> c.backend() && ref.root().equals(deviceId(c.rawName()));
                case JOB -> c.job() && c.rawName().equals(ref.root());
                case NODE -> !c.backend() && !c.job() && c.rawName().equals(ref.root());
            };
            if (match) v = c;
        }
        if (v == null) {
            String what = switch (ref.kind()) {
                case DEVICE -> "device '";
                case JOB -> "job '";
                case NODE -> "node '";
            };
            return new Resolved.Missing(what + ref.root() + "' is not in the graph");
        }
        List<Edge> via = new ArrayList<>();
        String at = ref.root();
        for (String child : ref.path()) {
            Edge next = null;
            for (Edge e : edges) if (e.parent() == v && pathSegment(e.name()).equals(pathSegment(child))) next = e;
            if (next == null) return new Resolved.Missing("'" + at + "' has no child named '" + child + "'");
            via.add(next);
            v = next.child();
            at = at + "/" + child;
        }
        return new Resolved.Found(v, via);
    }

    /** OR of what the node's parents take, AND of what they share. */
    public PermSet[] cumulative(Vertex v) {
        PermSet perm = PermSet.NONE;
        PermSet shared = PermSet.ALL;
        for (Edge e : edges) {
            if (e.child() == v) {
                perm = perm.plus(e.perm());
                shared = shared.and(e.shared());
            }
        }
        return new PermSet[] {perm, shared};
    }

    /** One line per node and per edge, scenario names, sorted: for reports and diffs. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Vertex v : vertices.values()) {
            out.add(v.backend() ? "device " + labels.get(v) : v.job() ? "job " + labels.get(v) : labels.get(v) + ": " + v.driver());
        }
        for (Edge e : edges) {
            out.add(labels.get(e.parent()) + " -" + e.name() + "-> " + labels.get(e.child()) + "  requires {"
                    + String.join(", ", e.perm().qmpNames().reversed()) + "} shares {"
                    + String.join(", ", e.shared().qmpNames().reversed()) + "}");
        }
        out.sort(null);
        return out;
    }

    public String dot() {
        StringBuilder sb = new StringBuilder("digraph blockgraph {\n  rankdir=TB;\n  node [shape=box];\n");
        for (Vertex v : vertices.values()) {
            sb.append("  \"").append(labels.get(v)).append("\" [label=\"").append(labels.get(v));
            if (v.backend()) sb.append("\\n(device)\", shape=ellipse];\n");
            else if (v.job()) sb.append("\\n(job)\", shape=hexagon];\n");
            else sb.append("\\n[").append(v.driver()).append("]\"];\n");
        }
        for (Edge e : edges) {
            sb.append("  \"").append(labels.get(e.parent())).append("\" -> \"").append(labels.get(e.child()))
                    .append("\" [label=\"").append(e.name()).append("\\nrequires: ").append(e.perm().describe())
                    .append("\\nshares: ").append(e.shared().describe()).append("\"];\n");
        }
        return sb.append("}\n").toString();
    }

    public String mermaid() {
        StringBuilder sb = new StringBuilder("graph TD\n");
        Map<Vertex, String> ids = new HashMap<>();
        for (Vertex v : vertices.values()) {
            String id = "n" + v.id();
            ids.put(v, id);
            String kind = v.backend() ? "device" : v.job() ? "job" : v.driver();
            sb.append("  ").append(id).append(v.backend() || v.job() ? "([\"" : "[\"").append(labels.get(v))
                    .append(v.backend() || v.job() ? "<br/>" + kind + "\"])\n" : "<br/>" + kind + "\"]\n");
        }
        for (Edge e : edges) {
            sb.append("  ").append(ids.get(e.parent())).append(" -->|\"").append(e.name()).append(": requires ")
                    .append(e.perm().describe()).append("; shares ").append(e.shared().describe()).append("\"| ")
                    .append(ids.get(e.child())).append('\n');
        }
        return sb.toString();
    }
}
