package org.blockspec.dsl.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;

/**
 * Draws a {@link GraphScene} as SVG: laid out top-down by the Eclipse Layout Kernel's layered
 * algorithm (deterministic for the same input, which the scene sorts), nodes shaped by kind,
 * edges labelled with their role and permissions in the talk's colours: taken (required) in
 * blue, shared in green, not shared (blocked for other users) in red. Text sizes come from a
 * fixed monospace metric, never from the fonts of the machine, so pictures are the same
 * everywhere.
 */
public final class GraphSvg {
    /** Larger graphs are listed as text instead: a picture that big helps nobody and costs megabytes. */
    public static final int MAX_BOXES = 60;
    private static final double CHAR = 7.2;
    private static final double SMALL_CHAR = 6.6;
    private static final double LINE = 15;
    private static final double SMALL_LINE = 13;

    /** A scene that cannot be drawn, and why. */
    public static final class Undrawable extends Exception {
        private static final long serialVersionUID = 1L;

        public Undrawable(String why) {
            super(why, null, false, false);
        }
    }

    private GraphSvg() {
    }

    private static final class Elk {
        static {
            LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
        }

        static synchronized void layout(ElkNode root) {
            new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        }
    }

    /** @param prefix makes the ids inside this SVG unique on a page holding several */
    public static String render(GraphScene scene, String prefix, String title) throws Undrawable {
        if (scene.boxes().size() > MAX_BOXES) {
            throw new Undrawable(scene.boxes().size() + " nodes are more than a picture shows (at most " + MAX_BOXES + ")");
        }
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 26.0);
        root.setProperty(CoreOptions.SPACING_EDGE_LABEL, 3.0);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(14));
        root.setProperty(LayeredOptions.RANDOM_SEED, 1);
        Map<String, ElkNode> nodes = new HashMap<>();
        for (GraphScene.Box b : scene.boxes()) {
            ElkNode n = ElkGraphUtil.createNode(root);
            n.setIdentifier(b.id());
            double w = Math.max(b.title().length(), b.subtitle().length()) * CHAR + 28;
            n.setWidth(round(Math.max(70, w)));
            n.setHeight(2 * LINE + 16);
            nodes.put(b.id(), n);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (GraphScene.Link l : scene.links()) {
            ElkNode from = nodes.get(l.from());
            ElkNode to = nodes.get(l.to());
            if (from == null || to == null) throw new Undrawable("edge " + l.from() + " -> " + l.to() + " names a missing node");
            ElkEdge e = ElkGraphUtil.createSimpleEdge(from, to);
            List<List<Span>> text = labelLines(l);
            ElkLabel label = ElkGraphUtil.createLabel(l.role(), e); // ELK places only labels with text
            int chars = 0;
            for (List<Span> line : text) chars = Math.max(chars, line.stream().mapToInt(s -> s.text().length()).sum());
            label.setWidth(round(chars * SMALL_CHAR + 6));
            label.setHeight(text.size() * SMALL_LINE + 4);
            label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            edges.add(e);
        }
        try {
            Elk.layout(root);
        } catch (RuntimeException e) {
            throw new Undrawable("the layout failed: " + e);
        }
        StringBuilder svg = new StringBuilder();
        double width = root.getWidth();
        double height = root.getHeight();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" role=\"img\" width=\"").append(num(width))
                .append("\" height=\"").append(num(height)).append("\" viewBox=\"0 0 ").append(num(width)).append(' ')
                .append(num(height)).append("\" font-family=\"monospace\" font-size=\"12\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append("<defs>");
        for (String[] m : new String[][] {{"a", "#334155"}, {"add", "#16a34a"}, {"del", "#94a3b8"}, {"chg", "#d97706"},
                {"bad", "#dc2626"}}) {
            svg.append("<marker id=\"").append(prefix).append('-').append(m[0])
                    .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
                    .append("<path d=\"M0,0L10,5L0,10z\" fill=\"").append(m[1]).append("\"/></marker>");
        }
        svg.append("</defs>");
        for (int i = 0; i < edges.size(); i++) edge(svg, edges.get(i), scene.links().get(i), prefix);
        for (GraphScene.Box b : scene.boxes()) box(svg, nodes.get(b.id()), b);
        for (int i = 0; i < edges.size(); i++) label(svg, edges.get(i).getLabels().getFirst(), scene.links().get(i));
        return svg.append("</svg>").toString();
    }

    private record Span(String text, String cls, String tip) {
    }

    private static final Perm[] ORDER = {Perm.CONSISTENT_READ, Perm.WRITE, Perm.WRITE_UNCHANGED, Perm.RESIZE};

    /** render_block_graph.py's letters: r consistent-read, w write, u write-unchanged, s resize. */
    static String letter(Perm p) {
        return switch (p) {
            case CONSISTENT_READ -> "r";
            case WRITE -> "w";
            case WRITE_UNCHANGED -> "u";
            case RESIZE -> "s";
        };
    }

    private static List<List<Span>> labelLines(GraphScene.Link l) {
        List<List<Span>> lines = new ArrayList<>();
        List<Span> first = new ArrayList<>();
        first.add(new Span(l.role(), "role", "child role"));
        if (l.note() != null) first.add(new Span(" " + l.note(), "note", null));
        lines.add(first);
        if (l.mark() == GraphScene.Mark.REFUSED && l.perm().isEmpty()) return lines;
        List<Span> takes = new ArrayList<>();
        takes.add(new Span("takes ", "k", null));
        if (l.permBefore() != null && !l.permBefore().equals(l.perm())) {
            perms(takes, l.permBefore(), "req old", "required before");
            takes.add(new Span(" → ", "k", null));
        }
        perms(takes, l.perm(), "req", "required");
        lines.add(takes);
        List<Span> shares = new ArrayList<>();
        shares.add(new Span("shares ", "k", null));
        perms(shares, l.shared(), "shr", "shared with other users");
        PermSet blocked = l.shared().complement();
        if (!blocked.isEmpty()) {
            shares.add(new Span(" blocks ", "k", null));
            perms(shares, blocked, "blk", "blocked for other users");
        }
        if (l.sharedBefore() != null && !l.sharedBefore().equals(l.shared())) {
            shares.add(new Span(" (was ", "k", null));
            perms(shares, l.sharedBefore(), "shr old", "shared before");
            shares.add(new Span(")", "k", null));
        }
        lines.add(shares);
        return lines;
    }

    private static void perms(List<Span> out, PermSet set, String cls, String meaning) {
        if (set.isEmpty()) {
            out.add(new Span("-", cls, "nothing " + meaning));
            return;
        }
        boolean first = true;
        for (Perm p : ORDER) {
            if (!set.has(p)) continue;
            out.add(new Span((first ? "" : " ") + letter(p), cls, p.qmpName() + ": " + meaning));
            first = false;
        }
    }

    private static void edge(StringBuilder svg, ElkEdge e, GraphScene.Link l, String prefix) {
        if (e.getSections().isEmpty()) return;
        ElkEdgeSection s = e.getSections().getFirst();
        StringBuilder d = new StringBuilder("M").append(num(s.getStartX())).append(',').append(num(s.getStartY()));
        for (ElkBendPoint p : s.getBendPoints()) d.append('L').append(num(p.getX())).append(',').append(num(p.getY()));
        d.append('L').append(num(s.getEndX())).append(',').append(num(s.getEndY()));
        String marker = switch (l.mark()) {
            case ADDED -> "add";
            case REMOVED -> "del";
            case CHANGED -> "chg";
            case REFUSED, CONFLICT -> "bad";
            case NONE -> "a";
        };
        svg.append("<path class=\"edge mark-").append(l.mark().name().toLowerCase(Locale.ROOT)).append("\" d=\"").append(d)
                .append("\" marker-end=\"url(#").append(prefix).append('-').append(marker).append(")\"><title>")
                .append(Html.escape(l.from() + " -" + l.role() + "-> " + l.to())).append("</title></path>");
    }

    private static void label(StringBuilder svg, ElkLabel label, GraphScene.Link l) {
        List<List<Span>> lines = labelLines(l);
        double x = label.getX();
        double y = label.getY();
        svg.append("<g class=\"elabel mark-").append(l.mark().name().toLowerCase(Locale.ROOT)).append("\">");
        svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(label.getWidth())).append("\" height=\"").append(num(label.getHeight())).append("\" rx=\"3\"/>");
        for (int i = 0; i < lines.size(); i++) {
            svg.append("<text x=\"").append(num(x + 3)).append("\" y=\"").append(num(y + 12 + i * SMALL_LINE))
                    .append("\" font-size=\"11\">");
            for (Span sp : lines.get(i)) {
                svg.append("<tspan class=\"").append(sp.cls()).append("\">");
                if (sp.tip() != null) svg.append("<title>").append(Html.escape(sp.tip())).append("</title>");
                svg.append(Html.escape(sp.text())).append("</tspan>");
            }
            svg.append("</text>");
        }
        svg.append("</g>");
    }

    private static void box(StringBuilder svg, ElkNode n, GraphScene.Box b) {
        double x = n.getX();
        double y = n.getY();
        double w = n.getWidth();
        double h = n.getHeight();
        svg.append("<g class=\"node kind-").append(b.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append(" mark-").append(b.mark().name().toLowerCase(Locale.ROOT)).append("\"><title>")
                .append(Html.escape(b.id() + "\n" + b.details())).append("</title>");
        switch (b.kind()) {
            case FORMAT -> svg.append("<ellipse cx=\"").append(num(x + w / 2)).append("\" cy=\"").append(num(y + h / 2))
                    .append("\" rx=\"").append(num(w / 2)).append("\" ry=\"").append(num(h / 2)).append("\"/>");
            case FILTER, JOB_FILTER -> polygon(svg, x, y, new double[][] {{12, 0}, {w - 12, 0}, {w, h / 2}, {w - 12, h},
                    {12, h}, {0, h / 2}});
            case PROTOCOL -> polygon(svg, x, y, new double[][] {{0, 0}, {w - 12, 0}, {w, 12}, {w, h}, {0, h}});
            case EXPORT -> polygon(svg, x, y, new double[][] {{8, 0}, {w, 0}, {w - 8, h}, {0, h}});
            case DEVICE -> rect(svg, x, y, w, h, 12);
            case JOB -> {
                rect(svg, x, y, w, h, 2);
                svg.append("<rect class=\"inner\" x=\"").append(num(x + 4)).append("\" y=\"").append(num(y + 4))
                        .append("\" width=\"").append(num(w - 8)).append("\" height=\"").append(num(h - 8)).append("\"/>");
            }
        }
        double cx = x + w / 2;
        svg.append("<text x=\"").append(num(cx)).append("\" y=\"").append(num(y + 8 + LINE - 2))
                .append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(Html.escape(b.title())).append("</text>");
        svg.append("<text x=\"").append(num(cx)).append("\" y=\"").append(num(y + 8 + 2 * LINE - 2))
                .append("\" text-anchor=\"middle\" class=\"sub\">").append(Html.escape(b.subtitle())).append("</text>");
        svg.append("</g>");
    }

    private static void rect(StringBuilder svg, double x, double y, double w, double h, double r) {
        svg.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" rx=\"").append(num(r)).append("\"/>");
    }

    private static void polygon(StringBuilder svg, double x, double y, double[][] points) {
        svg.append("<polygon points=\"");
        for (int i = 0; i < points.length; i++) {
            if (i > 0) svg.append(' ');
            svg.append(num(x + points[i][0])).append(',').append(num(y + points[i][1]));
        }
        svg.append("\"/>");
    }

    private static double round(double v) {
        return Math.ceil(v);
    }

    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
