package org.blockspec.dsl.report;

/** Escaping for HTML and SVG text and attributes. */
public final class Html {
    private Html() {
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') sb.append("&#xfffd;");
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** A file-name-safe slug. */
    public static String slug(String s) {
        String r = s.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "").toLowerCase(java.util.Locale.ROOT);
        if (r.length() > 60) r = r.substring(0, 60).replaceAll("-$", "");
        return r.isEmpty() ? "x" : r;
    }
}
