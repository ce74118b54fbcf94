package org.blockspec.dsl.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.blockspec.dsl.exec.GraphModel;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.PermSet;

/**
 * What one picture shows: the graph after a step, what changed since the graph before it
 * (added, removed, permissions changed old → new), and for a permission conflict the refused
 * request and the edge that blocks it. Nodes and edges are sorted by name, so the same graph
 * always gives the same picture.
 */
public record GraphScene(List<Box> boxes, List<Link> links, List<String> changes, PermissionConflict conflict) {
    /** REFUSED: drawn as it would have been, but not in the graph; CONFLICT: an edge in the graph that takes part. */
    public enum Mark { NONE, ADDED, REMOVED, CHANGED, REFUSED, CONFLICT }

    /** A node, device, export or job; {@code details} are shown as its tooltip. */
    public record Box(String id, String title, String subtitle, NodeKind kind, Mark mark, String details) {
    }

    /** An edge parent → child with its role and permissions; {@code before} is set for changed permissions. */
    public record Link(String from, String to, String role, PermSet perm, PermSet shared, Mark mark, String note,
                       PermSet permBefore, PermSet sharedBefore) {
    }

    public static GraphScene of(GraphModel now, GraphModel before, PermissionConflict conflict, JsonNode namedNodes,
                                Function<String, DriverKind> kinds) {
        Map<String, Box> boxes = new LinkedHashMap<>();
        List<Link> links = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Map<String, JsonNode> info = new LinkedHashMap<>();
        if (namedNodes != null) for (JsonNode n : namedNodes) info.put(n.path("node-name").asText(), n);
        Map<String, GraphModel.Vertex> old = new LinkedHashMap<>();
        if (before != null) for (GraphModel.Vertex v : before.vertices()) old.put(before.label(v), v);
        for (GraphModel.Vertex v : now.vertices()) {
            String id = now.label(v);
            Mark m = before != null && !old.containsKey(id) ? Mark.ADDED : Mark.NONE;
            if (m == Mark.ADDED) changes.add("+ " + describe(now, v));
            boxes.put(id, box(now, v, m, info.get(v.rawName()), kinds));
        }
        if (before != null) {
            for (GraphModel.Vertex v : before.vertices()) {
                String id = before.label(v);
                if (boxes.containsKey(id)) continue;
                changes.add("- " + describe(before, v));
                boxes.put(id, box(before, v, Mark.REMOVED, null, kinds));
            }
        }
        Map<String, GraphModel.Edge> oldEdges = new LinkedHashMap<>();
        if (before != null) for (GraphModel.Edge e : before.edges()) oldEdges.put(key(before, e), e);
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (GraphModel.Edge e : now.edges()) {
            String k = key(now, e);
            seen.put(k, true);
            GraphModel.Edge was = oldEdges.get(k);
            Mark m = Mark.NONE;
            if (before != null && was == null) {
                m = Mark.ADDED;
                changes.add("+ edge " + k + " takes " + set(e.perm()) + " shares " + set(e.shared()));
            } else if (was != null && (!was.perm().equals(e.perm()) || !was.shared().equals(e.shared()))) {
                m = Mark.CHANGED;
                changes.add("~ edge " + k + ": takes " + set(was.perm()) + " → " + set(e.perm()) + ", shares "
                        + set(was.shared()) + " → " + set(e.shared()));
            }
            links.add(new Link(now.label(e.parent()), now.label(e.child()), e.name(), e.perm(), e.shared(), m, null,
                    was == null ? null : was.perm(), was == null ? null : was.shared()));
        }
        for (Map.Entry<String, GraphModel.Edge> o : oldEdges.entrySet()) {
            if (seen.containsKey(o.getKey())) continue;
            GraphModel.Edge e = o.getValue();
            changes.add("- edge " + o.getKey());
            links.add(new Link(before.label(e.parent()), before.label(e.child()), e.name(), e.perm(), e.shared(),
                    Mark.REMOVED, null, null, null));
        }
        if (conflict != null) markConflict(now, conflict, boxes, links);
        List<Box> sortedBoxes = new ArrayList<>(boxes.values());
        sortedBoxes.sort(Comparator.comparing(Box::id));
        links.sort(Comparator.comparing(Link::from).thenComparing(Link::role).thenComparing(Link::to)
                .thenComparing(l -> l.mark().ordinal()));
        return new GraphScene(sortedBoxes, links, changes, conflict);
    }

    /** Both edges QEMU names: the one that requires the permissions and the one that does not share them. */
    private static void markConflict(GraphModel g, PermissionConflict c, Map<String, Box> boxes, List<Link> links) {
        String node = null;
        for (GraphModel.Vertex v : g.vertices()) if (!v.backend() && v.rawName().equals(c.node())) node = g.label(v);
        if (node == null) return;
        String perms = String.join(", ", c.perms());
        mark(g, node, c.requiring(), c.requiringEdge(), "requires " + perms, boxes, links);
        mark(g, node, c.unsharing(), c.unsharingEdge(), "does not share " + perms, boxes, links);
    }

    private static void mark(GraphModel g, String node, PermissionConflict.User user, String edge, String note,
                             Map<String, Box> boxes, List<Link> links) {
        String from = userId(g, user, node, edge);
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.mark() != Mark.REMOVED && l.to().equals(node) && l.from().equals(from) && l.role().equals(edge)) {
                links.set(i, withMark(l, Mark.CONFLICT, note));
                return;
            }
        }
        String id = from != null ? from : user.name();
        if (!boxes.containsKey(id)) {
            NodeKind kind = switch (user.kind()) {
                case DEVICE -> NodeKind.DEVICE;
                case JOB -> NodeKind.JOB;
                case NODE -> NodeKind.FORMAT;
                case UNNAMED -> NodeKind.EXPORT;
            };
            boxes.put(id, new Box(id, id, "refused", kind, Mark.REFUSED, user + ": the request QEMU refused"));
        }
        links.add(new Link(id, node, edge, PermSet.NONE, PermSet.NONE, Mark.REFUSED, note + " (refused)", null, null));
    }

    private static Link withMark(Link l, Mark m, String note) {
        return new Link(l.from(), l.to(), l.role(), l.perm(), l.shared(), m, note, l.permBefore(), l.sharedBefore());
    }

    /** The vertex id of a user QEMU named, or null when it is not in the graph (a refused new user). */
    private static String userId(GraphModel g, PermissionConflict.User u, String node, String edgeName) {
        for (GraphModel.Edge e : g.edges()) {
            if (!g.label(e.child()).equals(node) || !e.name().equals(edgeName)) continue;
            GraphModel.Vertex p = e.parent();
            boolean match = switch (u.kind()) {
                case NODE -> !p.backend() && p.rawName().equals(u.name());
                case DEVICE -> p.backend() && u.name().equals(GraphModel.deviceId(p.rawName()));
                case JOB -> p.type().equals("block-job") && p.rawName().equals(u.name());
                case UNNAMED -> p.backend() && GraphModel.deviceId(p.rawName()) == null;
            };
            if (match) return g.label(p);
        }
        return switch (u.kind()) {
            case DEVICE -> u.name();
            default -> null;
        };
    }

    private static Box box(GraphModel g, GraphModel.Vertex v, Mark mark, JsonNode info, Function<String, DriverKind> kinds) {
        NodeKind kind = NodeKind.of(v, kinds);
        String label = g.label(v);
        String subtitle = switch (kind) {
            case DEVICE -> "guest device";
            case EXPORT -> "block backend";
            case JOB -> "block job";
            default -> "[" + v.driver() + "]";
        };
        StringBuilder details = new StringBuilder(kind.words());
        // Generated names (#blockNNN) differ from run to run; the positional label says the same.
        if (!v.rawName().equals(label) && !v.rawName().startsWith("#")) details.append("\nname: ").append(v.rawName());
        if (info != null) {
            if (info.path("ro").asBoolean(false)) details.append("\nread-only");
            JsonNode image = info.path("image");
            if (image.has("virtual-size")) details.append("\nsize: ").append(image.get("virtual-size").asLong()).append(" bytes");
            if (info.has("file")) details.append("\nfile: ").append(info.get("file").asText());
            JsonNode cache = info.path("cache");
            if (cache.isObject()) {
                details.append("\ncache: writeback=").append(cache.path("writeback").asBoolean())
                        .append(" direct=").append(cache.path("direct").asBoolean());
            }
            if (info.has("detect_zeroes") && !"off".equals(info.get("detect_zeroes").asText())) {
                details.append("\ndetect-zeroes: ").append(info.get("detect_zeroes").asText());
            }
        }
        return new Box(label, label, subtitle, kind, mark, details.toString());
    }

    private static String describe(GraphModel g, GraphModel.Vertex v) {
        return v.backend() ? "device " + g.label(v) : "node " + g.label(v) + " (" + v.driver() + ")";
    }

    private static String key(GraphModel g, GraphModel.Edge e) {
        return g.label(e.parent()) + " -" + e.name() + "-> " + g.label(e.child());
    }

    static String set(PermSet s) {
        return "{" + String.join(", ", s.qmpNames().reversed()) + "}";
    }
}
