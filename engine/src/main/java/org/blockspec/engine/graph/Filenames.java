package org.blockspec.engine.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.OptionValues;

/**
 * A node's filename as QEMU reports it (bdrv_refresh_filename): a protocol node's own file
 * name; a format node without options of its own inherits its protocol child's; anything
 * else is a {@code json:} pseudo-filename built from the driver, its strong options and its
 * children, in QEMU's key order.
 */
public final class Filenames {
    private Filenames() {
    }

    public static String of(BlockNode n) {
        String exact = exact(n);
        return exact != null ? exact : "json:" + QmpJson.write(QmpJson.MAPPER.valueToTree(fullOptions(n)));
    }

    /** QEMU's exact_filename: a plain name that opens the same node, or null. */
    public static String exact(BlockNode n) {
        String own = n.driver().exactFilename();
        if (own != null) return own;
        if (n.kind() != DriverKind.FORMAT || hasStrongOptions(n) || BackingNames.overridden(n)) return null;
        ChildEdge primary = n.primaryChild();
        if (primary == null || !primary.child().factory().opensAsProtocol()) return null;
        return exact(primary.child());
    }

    private static boolean hasStrongOptions(BlockNode n) {
        for (String o : n.factory().strongOptions()) {
            if (n.options().driverOptions().has(o)) return true;
        }
        return false;
    }

    /**
     * QEMU's full_open_options: driver, the strong options given, then each child's; the
     * backing child only when it is not the one the image names, and {@code "backing": null}
     * when the named one was suppressed.
     */
    static Map<String, Object> fullOptions(BlockNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driver", n.driverName());
        for (String o : n.factory().strongOptions()) {
            Object v = n.options().driverOptions().raw(o);
            if (v != null) putFlat(m, o, v);
        }
        boolean overridden = BackingNames.overridden(n);
        Map<String, java.util.TreeMap<Integer, Object>> lists = new LinkedHashMap<>();
        for (ChildEdge c : n.children()) {
            if (c.role().isCow() && !overridden) continue;
            int dot = c.name().lastIndexOf('.');
            String list = dot < 0 ? null : c.name().substring(0, dot);
            if (list != null && n.options().childLists().containsKey(list)
                    && c.name().substring(dot + 1).chars().allMatch(Character::isDigit)) {
                // A child list (quorum's children) shows as a list, in index order.
                lists.computeIfAbsent(list, k -> new java.util.TreeMap<>())
                        .put(Integer.parseInt(c.name().substring(dot + 1)), fullOptions(c.child()));
                continue;
            }
            m.put(c.name(), fullOptions(c.child()));
        }
        lists.forEach((name, byIndex) -> m.put(name, new java.util.ArrayList<>(byIndex.values())));
        if (overridden && n.backingChild() == null) m.put("backing", null);
        return m;
    }

    /** Structured options show flattened, as QEMU keeps them: {@code inject-error.0.event}. */
    private static void putFlat(Map<String, Object> m, String key, Object v) {
        switch (v) {
            case OptionValues s -> {
                for (String k : s.names()) putFlat(m, key + "." + k, s.raw(k));
            }
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) putFlat(m, key + "." + i, l.get(i));
            }
            default -> m.put(key, v);
        }
    }
}
