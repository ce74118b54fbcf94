package org.blockspec.dsl.report;

import java.util.ArrayList;
import java.util.List;

/** One documentation page, written twice from the same blocks: as Markdown and as HTML. */
final class DocPage {
    private sealed interface Block {
    }

    private record Heading(String text) implements Block {
    }

    private record Prose(List<String> lines) implements Block {
    }

    private record Line(String text) implements Block {
    }

    private record StepItem(int n, String words, String picture) implements Block {
    }

    private record Link(String text, String page) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    DocPage(String title) {
        this.title = title;
    }

    String title() { return title; }

    void heading(String text) { blocks.add(new Heading(text)); }

    void prose(List<String> lines) { if (!lines.isEmpty()) blocks.add(new Prose(lines)); }

    void line(String text) { blocks.add(new Line(text)); }

    void step(int n, String words, String picture) { blocks.add(new StepItem(n, words, picture)); }

    void link(String text, String page) { blocks.add(new Link(text, page)); }

    String markdown() {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n");
        Block previous = null;
        for (Block b : blocks) {
            boolean list = b instanceof StepItem || b instanceof Link;
            if (!(list && (previous instanceof StepItem || previous instanceof Link))) md.append('\n');
            switch (b) {
                case Heading h -> md.append("## ").append(h.text()).append('\n');
                case Prose p -> md.append(String.join("\n", p.lines())).append('\n');
                case Line l -> md.append(l.text()).append('\n');
                case StepItem s -> {
                    md.append(s.n()).append(". ").append(s.words()).append('\n');
                    if (s.picture() != null) md.append("\n   ![graph after step ").append(s.n()).append("](").append(s.picture())
                            .append(")\n\n");
                }
                case Link l -> md.append("- [").append(l.text()).append("](").append(l.page()).append(".md)\n");
            }
            previous = b;
        }
        return md.toString();
    }

    String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title)).append("</title><style>body{font-family:system-ui,sans-serif;max-width:60em;"
                        + "margin:1em auto;padding:0 1em}code{font-size:.9em;background:#f1f5f9}li{margin:.4em 0}"
                        + "img{display:block;margin:.4em 0;max-width:100%}</style></head><body><h1>")
                .append(Html.escape(title)).append("</h1>\n");
        boolean inList = false;
        for (Block b : blocks) {
            boolean list = b instanceof StepItem || b instanceof Link;
            if (list && !inList) h.append(b instanceof StepItem ? "<ol>" : "<ul>");
            if (!list && inList) h.append("</ol>");
            inList = list;
            switch (b) {
                case Heading x -> h.append("<h2>").append(inline(x.text())).append("</h2>\n");
                case Prose p -> h.append("<p>").append(inline(String.join(" ", p.lines()))).append("</p>\n");
                case Line l -> h.append("<p>").append(inline(l.text())).append("</p>\n");
                case StepItem s -> {
                    h.append("<li value=\"").append(s.n()).append("\">").append(inline(s.words()));
                    if (s.picture() != null) h.append("<img alt=\"graph after step ").append(s.n()).append("\" src=\"")
                            .append(s.picture()).append("\">");
                    h.append("</li>\n");
                }
                case Link l -> h.append("<li><a href=\"").append(l.page()).append(".html\">").append(inline(l.text()))
                        .append("</a></li>\n");
            }
        }
        if (inList) h.append("</ol>");
        return h.append("</body></html>\n").toString().replace("<ul><li><a", "<ul><li><a").replace("</a></li>\n</ol>",
                "</a></li>\n</ul>");
    }

    /** Markdown's inline code spans as HTML. */
    private static String inline(String s) {
        StringBuilder out = new StringBuilder();
        String[] parts = s.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1 && i < parts.length - 1) out.append("<code>").append(Html.escape(parts[i])).append("</code>");
            else out.append(Html.escape(i % 2 == 1 ? "`" + parts[i] : parts[i]));
        }
        return out.toString();
    }
}
