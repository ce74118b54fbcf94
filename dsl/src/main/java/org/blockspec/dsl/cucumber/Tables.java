package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.blockspec.dsl.compile.DidYouMean;
import org.blockspec.dsl.compile.Word;

/**
 * DataTables whose first row names the columns: unknown or missing columns and empty required
 * cells are reported at the cell, with the columns the step knows.
 */
final class Tables {
    private Tables() {
    }

    /** One body row: its cells by column name; empty cells count as absent. */
    record Row(Map<String, Word> cells, Word first) {
        boolean has(String column) {
            Word w = cells.get(column);
            return w != null && !w.text().isBlank();
        }

        Word get(String column) {
            Word w = cells.get(column);
            return w != null ? w : Word.of("", first.pos());
        }

        Word optional(String column) {
            return has(column) ? cells.get(column) : null;
        }
    }

    /** @param wellFormed the header names only known columns, the required ones among them */
    record Rows(List<Row> rows, boolean wellFormed) implements Iterable<Row> {
        @Override public Iterator<Row> iterator() { return rows.iterator(); }
    }

    /**
     * @param what     what one row describes, for messages
     * @param required columns every row must fill
     * @param optional columns that may be left out or empty
     */
    static Rows rows(List<List<Word>> table, BlockWorld.Translation t, String what, List<String> required,
                     List<String> optional) {
        List<Row> out = new ArrayList<>();
        if (table.isEmpty()) return new Rows(out, false);
        boolean wellFormed = true;
        List<String> known = new ArrayList<>(required);
        known.addAll(optional);
        String columns = String.join(" | ", known);
        List<Word> header = table.getFirst();
        List<String> names = new ArrayList<>();
        for (Word h : header) {
            String name = h.text().strip().toLowerCase(java.util.Locale.ROOT);
            names.add(name);
            if (!known.contains(name)) {
                String hint = DidYouMean.hint(name, new TreeSet<>(known));
                t.steps().diagnostics().error(h.pos(), "unknown column '" + h.text() + "'",
                        hint != null ? hint : "the columns are: | " + columns + " |");
                wellFormed = false;
            }
        }
        for (String r : required) {
            if (!names.contains(r)) {
                t.steps().diagnostics().error(header.getFirst().pos(), "the table has no '" + r + "' column",
                        "its first row names the columns: | " + columns + " |");
                wellFormed = false;
            }
        }
        if (table.size() == 1) {
            t.steps().diagnostics().error(header.getFirst().pos(), "the table has no rows", "add a row per " + what);
        }
        for (List<Word> cells : table.subList(1, table.size())) {
            Map<String, Word> byName = new LinkedHashMap<>();
            for (int i = 0; i < cells.size() && i < names.size(); i++) byName.put(names.get(i), cells.get(i));
            Row row = new Row(byName, cells.getFirst());
            for (String r : required) {
                if (names.contains(r) && !row.has(r)) {
                    t.steps().diagnostics().error(row.get(r).pos(), "empty '" + r + "' cell", "every " + what + " needs one");
                }
            }
            out.add(row);
        }
        return new Rows(out, wellFormed);
    }
}
