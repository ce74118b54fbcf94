package org.blockspec.dsl.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small SVG drawing of a {@link GraphModel} for failure reports: parents above children
 * (devices on top), each layer in name order, so the same graph always looks the same; edges
 * labelled with their role and what they require. No layout engine needed for report-sized graphs.
 */
public final class GraphPicture {
    private static final int BOX_W = 170;
    private static final int BOX_H = 40;
    private static final int GAP_X = 30;
    private static final int GAP_Y = 70;

    private GraphPicture() {
    }

    public static String svg(GraphModel g) {
        Map<GraphModel.Vertex, Integer> depth = new HashMap<>();
        for (GraphModel.Vertex v : g.vertices()) depth(g, v, depth, 0);
        Map<Integer, List<GraphModel.Vertex>> layers = new HashMap<>();
        depth.forEach((v, d) -> layers.computeIfAbsent(d, k -> new ArrayList<>()).add(v));
        Map<GraphModel.Vertex, int[]> at = new HashMap<>();
        int width = BOX_W + 2 * GAP_X;
        for (int d = 0; layers.containsKey(d); d++) {
            List<GraphModel.Vertex> layer = layers.get(d);
            layer.sort(Comparator.comparing(g::label));
            for (int i = 0; i < layer.size(); i++) {
                at.put(layer.get(i), new int[] {GAP_X + i * (BOX_W + GAP_X), GAP_X + d * (BOX_H + GAP_Y)});
            }
            width = Math.max(width, GAP_X + layer.size() * (BOX_W + GAP_X));
        }
        int height = GAP_X * 2 + Math.max(1, layers.size()) * (BOX_H + GAP_Y) - GAP_Y;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        for (GraphModel.Edge e : g.edges()) {
            int[] p = at.get(e.parent());
            int[] c = at.get(e.child());
            int x1 = p[0] + BOX_W / 2;
            int y1 = p[1] + BOX_H;
            int x2 = c[0] + BOX_W / 2;
            int y2 = c[1];
            sb.append("  <line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                    .append("\" y2=\"").append(y2).append("\" stroke=\"#555\"/>\n");
            sb.append("  <text x=\"").append((x1 + x2) / 2 + 4).append("\" y=\"").append((y1 + y2) / 2).append("\">")
                    .append(esc(e.name() + ": " + e.perm().describe())).append("</text>\n");
        }
        for (GraphModel.Vertex v : g.vertices()) {
            int[] p = at.get(v);
            sb.append("  <rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"").append(v.backend() ? 18 : 4)
                    .append("\" fill=\"").append(v.backend() ? "#e8f0fe" : "#fff8e1").append("\" stroke=\"#333\"/>\n");
            sb.append("  <text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 17).append("\" font-weight=\"bold\">")
                    .append(esc(g.label(v))).append("</text>\n");
            sb.append("  <text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 32).append("\">")
                    .append(esc(v.backend() ? "device" : v.driver())).append("</text>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    /** Longest path from a root: a node sits below every parent it has. */
    private static void depth(GraphModel g, GraphModel.Vertex v, Map<GraphModel.Vertex, Integer> depth, int d) {
        if (depth.getOrDefault(v, -1) >= d || d > g.vertices().size()) return;
        depth.put(v, d);
        for (GraphModel.Edge e : g.edges()) if (e.parent() == v) depth(g, e.child(), depth, d + 1);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
