package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.JobKind;
import org.blockspec.dsl.model.SourcePos;
import org.blockspec.engine.qmp.QmpCommand;
import org.blockspec.engine.qmp.QmpCommands;
import org.blockspec.engine.qmp.QmpError;
import org.blockspec.engine.qmp.schema.QapiInput;
import org.blockspec.engine.spi.OptionField;

/**
 * Compiles a job start in short form ({@code job m1 mirror device=src target=tgt sync=full})
 * into the arguments of the job's QMP command, checked against the engine's own schema of
 * that command: unknown options (with a hint), wrong types and values, at the offending word.
 * It also says which options name nodes that must exist and which name nodes the job creates.
 */
final class JobOptionsCompiler {
    private static final Pattern PARAM = Pattern.compile("'([^']*)'");

    /** Options naming nodes that exist before the job starts. */
    private static final Map<JobKind, Set<String>> NODE_REFS = Map.of(
            JobKind.MIRROR, Set.of("device", "target", "replaces"),
            JobKind.DRIVE_MIRROR, Set.of("device", "replaces"),
            JobKind.COMMIT, Set.of("device", "top-node", "base-node"),
            JobKind.STREAM, Set.of("device", "base-node", "bottom"),
            JobKind.BACKUP, Set.of("device", "target"),
            JobKind.DRIVE_BACKUP, Set.of("device"));

    /** Options naming nodes the job adds (filters, new targets). */
    private static final Set<String> NEW_NODES = Set.of("filter-node-name", "node-name");

    /** Options naming image files of the scenario's directory. */
    private static final Map<JobKind, Set<String>> FILES = Map.of(JobKind.DRIVE_MIRROR, Set.of("target"),
            JobKind.DRIVE_BACKUP, Set.of("target"));

    private final Diagnostics diagnostics;

    /** The arguments; the nodes they name (with where), and those the job will add. */
    record Result(ObjectNode arguments, List<NodeOptionsCompiler.ChildRef> references, List<String> newNodes) {
    }

    JobOptionsCompiler(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The schema of the command that starts {@code kind}, or null when the engine has none. */
    static List<OptionField> schema(JobKind kind) {
        for (QmpCommand c : QmpCommands.all()) if (c.name().equals(kind.command())) return c.arguments();
        return null;
    }

    Result compile(JobKind kind, List<NodeOption> options, boolean expectFailure, SourcePos at) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        Map<String, SourcePos> keys = new HashMap<>();
        Map<String, SourcePos> values = new HashMap<>();
        for (NodeOption o : options) {
            String key = o.key().text();
            if (!(o instanceof NodeOption.Value val)) {
                diagnostics.error(((NodeOption.Nested) o).pos(), "job options are plain values", "name nodes by their node name");
                continue;
            }
            if (tree.has(key)) {
                diagnostics.error(o.key().pos(), "option '" + key + "' given twice", null);
                continue;
            }
            String v = val.value().text();
            if (!val.value().quoted()) v = Sizes.normalize(v);
            if (FILES.getOrDefault(kind, Set.of()).contains(key) && !v.startsWith("/")) v = "$DIR/" + v;
            tree.put(key, v);
            keys.put(key, o.key().pos());
            values.put(key, val.value().pos());
        }
        List<OptionField> fields = schema(kind);
        if (expectFailure || fields == null) {
            if (fields == null && !expectFailure) {
                diagnostics.error(at, kind.word() + " jobs are not available yet", "jobs: mirror, drive-mirror, commit");
            }
            return new Result(NodeOptionsCompiler.bestEffort(tree), List.of(), List.of());
        }
        Set<String> known = new LinkedHashSet<>();
        for (OptionField f : fields) if (!f.name().equals("job-id")) known.add(f.name());
        boolean bad = false;
        for (String key : List.copyOf(toList(tree.fieldNames()))) {
            if (key.equals("job-id")) {
                diagnostics.error(keys.get(key), "the job's id is the word after 'job'", "write job ID " + kind.word() + " ...");
                bad = true;
            } else if (!known.contains(key)) {
                diagnostics.error(keys.get(key), "unknown option '" + key + "' for " + kind.word() + " jobs",
                        hintOr(DidYouMean.hint(key, known), "options: " + String.join(", ", known)));
                bad = true;
            }
        }
        if (bad) return new Result(NodeOptionsCompiler.bestEffort(tree), List.of(), List.of());
        List<OptionField> withoutId = fields.stream().filter(f -> !f.name().equals("job-id")).toList();
        Map<String, Object> parsed;
        try {
            parsed = new QapiInput(true, null).struct(withoutId, tree, "");
        } catch (QmpError e) {
            Matcher m = PARAM.matcher(e.desc());
            String param = m.find() ? m.group(1) : null;
            SourcePos p = param == null ? at : values.getOrDefault(param, keys.getOrDefault(param, at));
            diagnostics.error(p, e.desc(), null);
            return new Result(NodeOptionsCompiler.bestEffort(tree), List.of(), List.of());
        }
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        List<NodeOptionsCompiler.ChildRef> refs = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (OptionField f : withoutId) {
            Object v = parsed.get(f.name());
            if (v == null) continue;
            switch (v) {
                case Long n -> args.put(f.name(), n);
                case Boolean b -> args.put(f.name(), b);
                default -> args.put(f.name(), v.toString());
            }
            if (NODE_REFS.getOrDefault(kind, Set.of()).contains(f.name())) {
                refs.add(new NodeOptionsCompiler.ChildRef(v.toString(), values.get(f.name())));
            }
            if (NEW_NODES.contains(f.name())) created.add(v.toString());
        }
        return new Result(args, refs, created);
    }

    /**
     * A verb's own arguments ({@code force}, {@code speed}), checked against the engine's
     * schema of its command without the id.
     */
    ObjectNode verbArguments(String command, String idArgument, List<NodeOption> options,
                             boolean expectFailure, SourcePos at) {
        List<OptionField> fields = null;
        for (QmpCommand c : QmpCommands.all()) if (c.name().equals(command)) fields = c.arguments();
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        Map<String, SourcePos> positions = new HashMap<>();
        for (NodeOption o : options) {
            if (!(o instanceof NodeOption.Value val)) {
                diagnostics.error(((NodeOption.Nested) o).pos(), "job options are plain values", null);
                continue;
            }
            String v = val.value().text();
            tree.put(o.key().text(), val.value().quoted() ? v : Sizes.normalize(v));
            positions.put(o.key().text(), o.key().pos());
        }
        if (expectFailure || fields == null) return NodeOptionsCompiler.bestEffort(tree);
        List<OptionField> own = fields.stream().filter(f -> !f.name().equals(idArgument)).toList();
        Set<String> known = new LinkedHashSet<>();
        own.forEach(f -> known.add(f.name()));
        for (String key : toList(tree.fieldNames())) {
            if (!known.contains(key)) {
                diagnostics.error(positions.get(key), "unknown option '" + key + "' for " + command,
                        hintOr(DidYouMean.hint(key, known), known.isEmpty() ? "it takes no options"
                                : "options: " + String.join(", ", known)));
                return NodeOptionsCompiler.bestEffort(tree);
            }
        }
        try {
            Map<String, Object> parsed = new QapiInput(true, null).struct(own, tree, "");
            ObjectNode args = JsonNodeFactory.instance.objectNode();
            parsed.forEach((k, v) -> {
                switch (v) {
                    case Long n -> args.put(k, n);
                    case Boolean b -> args.put(k, b);
                    default -> args.put(k, v.toString());
                }
            });
            return args;
        } catch (QmpError e) {
            Matcher m = PARAM.matcher(e.desc());
            diagnostics.error(m.find() ? positions.getOrDefault(m.group(1), at) : at, e.desc(), null);
            return NodeOptionsCompiler.bestEffort(tree);
        }
    }

    private static List<String> toList(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String hintOr(String hint, String otherwise) {
        return hint != null ? hint : otherwise;
    }
}
