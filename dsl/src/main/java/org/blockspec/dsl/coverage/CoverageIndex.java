package org.blockspec.dsl.coverage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.model.JsonPattern;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.Step;
import org.blockspec.dsl.model.TextMatcher;
import org.blockspec.dsl.transcript.Transcript;
import org.blockspec.engine.qmp.QmpJson;
import org.blockspec.engine.spi.Perm;

/**
 * Which QMP commands, arguments, drivers and options, error messages, events, permissions and
 * job states the scenarios exercise, counted per use, against what blockspec implements, so
 * the gaps show: a command no scenario sends, a refusal message never asserted.
 */
public final class CoverageIndex {
    /** QEMU 7.2's JobStatus values (qapi/job.json). */
    public static final List<String> JOB_STATES = List.of("undefined", "created", "running", "paused", "ready", "standby",
            "waiting", "pending", "aborting", "concluded", "null");

    private final Map<String, Integer> commands = new TreeMap<>();
    private final Map<String, Integer> arguments = new TreeMap<>();
    private final Map<String, Map<String, Integer>> drivers = new TreeMap<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private final List<Pattern> errorRegexes = new ArrayList<>();
    private final Map<String, Integer> events = new TreeMap<>();
    private final Map<String, Integer> permissions = new TreeMap<>();
    private final Map<String, Integer> jobStates = new TreeMap<>();
    private int scenarios;

    public void add(Scenario s) {
        scenarios++;
        for (Step step : s.steps()) {
            switch (step) {
                case Step.Qmp q -> {
                    command(q.execute(), q.arguments());
                    if (q.outcome() instanceof Outcome.Fails f) error(f.desc());
                }
                case Step.StartJob j -> {
                    command(j.kind().command(), j.asQmp().arguments());
                    if (j.outcome() instanceof Outcome.Fails f) error(f.desc());
                }
                case Step.OnJob j -> {
                    command(j.verb().command(j.blockJob()), j.asQmp().arguments());
                    if (j.outcome() instanceof Outcome.Fails f) error(f.desc());
                }
                case Step.ExpectJobEvents e -> {
                    for (var ev : e.events()) {
                        events.merge(ev.name(), 1, Integer::sum);
                        if (ev.name().equals("JOB_STATUS_CHANGE") && ev.data() instanceof JsonPattern.Obj o
                                && o.members().get("status") instanceof JsonPattern.Literal l) {
                            jobStates.merge(l.value().asText(), 1, Integer::sum);
                        }
                    }
                }
                case Step.QemuIo io -> {
                    commands.merge("human-monitor-command", 1, Integer::sum);
                    if (io.outcome() instanceof Outcome.Fails f) error(f.desc());
                }
                case Step.ExpectEvent e -> {
                    events.merge(e.name(), 1, Integer::sum);
                    if (e.name().equals("JOB_STATUS_CHANGE") && e.data() instanceof JsonPattern.Obj o
                            && o.members().get("status") instanceof JsonPattern.Literal l) {
                        jobStates.merge(l.value().asText(), 1, Integer::sum);
                    }
                }
                case Step.ExpectPerms p -> {
                    for (Perm perm : Perm.values()) {
                        if (p.required().has(perm)) permissions.merge(perm.qmpName() + " required", 1, Integer::sum);
                        permissions.merge(perm.qmpName() + (p.shared().has(perm) ? " shared" : " blocked"), 1, Integer::sum);
                    }
                }
                case Step.ExpectLocks l -> {
                    for (Perm perm : Perm.values()) {
                        if (l.held().has(perm)) permissions.merge(perm.qmpName() + " locked", 1, Integer::sum);
                        if (l.unshared().has(perm)) permissions.merge(perm.qmpName() + " lock-unshared", 1, Integer::sum);
                    }
                }
                default -> { }
            }
        }
    }

    public void add(Transcript t) {
        scenarios++;
        for (Transcript.Step s : t.steps()) {
            try {
                JsonNode c = QmpJson.MAPPER.readTree(s.command());
                if (c.has("execute")) {
                    command(c.get("execute").asText(), c.get("arguments") instanceof ObjectNode o ? o : null);
                }
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                // Deliberately malformed input (qmp-errors.qmp): no command to count.
            }
            if (s.expectedReply() != null && s.expectedReply().has("error")) {
                error(new TextMatcher.Exact(s.expectedReply().path("error").path("desc").asText()));
            }
            for (Transcript.Expected e : s.events()) {
                String name = e.message().path("event").asText();
                events.merge(name, 1, Integer::sum);
                if (name.equals("JOB_STATUS_CHANGE")) {
                    jobStates.merge(e.message().path("data").path("status").asText(), 1, Integer::sum);
                }
            }
        }
    }

    private void command(String execute, ObjectNode args) {
        commands.merge(execute, 1, Integer::sum);
        if (args == null) return;
        arguments(execute, args);
        if (execute.equals("blockdev-add")) driver(args);
        if (execute.equals("blockdev-reopen") && args.get("options") instanceof ArrayNode a) a.forEach(this::driver);
        if (execute.equals("transaction") && args.get("actions") instanceof ArrayNode a) {
            for (JsonNode action : a) {
                if (action.has("type")) {
                    commands.merge(action.get("type").asText(), 1, Integer::sum);
                    if (action.get("data") instanceof ObjectNode d) arguments(action.get("type").asText(), d);
                }
            }
        }
    }

    private void arguments(String prefix, JsonNode n) {
        if (!n.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            arguments.merge(prefix + "." + e.getKey(), 1, Integer::sum);
            if (e.getValue().isObject() && !e.getValue().has("driver")) arguments(prefix + "." + e.getKey(), e.getValue());
        }
    }

    /** A node's options, and its nested children's, counted per driver. */
    private void driver(JsonNode n) {
        if (!n.isObject() || !n.has("driver")) return;
        Map<String, Integer> options = drivers.computeIfAbsent(n.get("driver").asText(), k -> new TreeMap<>());
        options.merge("", 1, Integer::sum);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().equals("driver")) options.merge(e.getKey(), 1, Integer::sum);
            if (e.getValue().isObject()) driver(e.getValue());
            if (e.getValue().isArray()) e.getValue().forEach(this::driver);
        }
    }

    private void error(TextMatcher m) {
        switch (m) {
            case TextMatcher.Exact x -> errors.merge(x.text(), 1, Integer::sum);
            case TextMatcher.Regex r -> {
                errors.merge("matches " + r.pattern().pattern(), 1, Integer::sum);
                errorRegexes.add(r.pattern());
            }
        }
    }

    /**
     * Whether a scenario asserts a message this template produces: an exact text it can
     * produce, or a regular expression whose literal beginning it can start with.
     */
    private boolean asserted(String template) {
        StringBuilder re = new StringBuilder();
        for (String part : template.split(Pattern.quote(Implemented.HOLE), -1)) {
            if (!re.isEmpty()) re.append(".*");
            re.append(Pattern.quote(part));
        }
        Pattern t = Pattern.compile(re.toString(), Pattern.DOTALL);
        for (String e : errors.keySet()) if (!e.startsWith("matches ") && t.matcher(e).matches()) return true;
        for (Pattern p : errorRegexes) {
            String prefix = literalPrefix(p.pattern());
            if (prefix.length() < 6) continue;
            Matcher m = t.matcher(prefix);
            if (m.matches() || m.hitEnd()) return true;
        }
        return false;
    }

    private static String literalPrefix(String regex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                sb.append(regex.charAt(++i));
            } else if (".*+?[](){}|^$\\".indexOf(c) >= 0) {
                break;
            } else {
                sb.append(c);
            }
        }
        String s = sb.toString();
        // A quantifier applies to the last character: it is not certain.
        return s.isEmpty() ? s : s.substring(0, s.length() - 1);
    }

    /** The index as one JSON object: what is exercised (with counts), and what is not. */
    public ObjectNode toJson(Implemented impl) {
        ObjectNode o = QmpJson.MAPPER.createObjectNode();
        o.put("scenarios", scenarios);
        ObjectNode cmds = o.putObject("commands");
        cmds.set("exercised", counts(commands));
        cmds.set("untouched", strings(minus(impl.commands(), commands.keySet())));
        o.set("arguments", counts(arguments));
        ObjectNode drv = o.putObject("drivers");
        ObjectNode used = drv.putObject("exercised");
        for (var e : drivers.entrySet()) {
            ObjectNode d = used.putObject(e.getKey());
            d.put("nodes", e.getValue().getOrDefault("", 0));
            ObjectNode opts = d.putObject("options");
            e.getValue().forEach((k, v) -> { if (!k.isEmpty()) opts.put(k, v); });
            List<String> known = impl.driverOptions().get(e.getKey());
            if (known != null) d.set("untouched-options", strings(minus(new TreeSet<>(known), e.getValue().keySet())));
        }
        drv.set("untouched", strings(minus(impl.driverOptions().keySet(), drivers.keySet())));
        ObjectNode err = o.putObject("errors");
        err.set("asserted", counts(errors));
        List<String> never = new ArrayList<>();
        for (String m : impl.messages()) if (!asserted(m)) never.add(m);
        err.put("messages-implemented", impl.messages().size());
        err.set("never-asserted", strings(never));
        ObjectNode ev = o.putObject("events");
        ev.set("exercised", counts(events));
        ev.set("untouched", strings(minus(impl.events(), events.keySet())));
        ObjectNode perms = o.putObject("permissions");
        perms.set("exercised", counts(permissions));
        List<String> allPerms = new ArrayList<>();
        for (Perm p : Perm.values()) {
            for (String how : List.of("required", "shared", "blocked")) allPerms.add(p.qmpName() + " " + how);
        }
        perms.set("untouched", strings(minus(new TreeSet<>(allPerms), permissions.keySet())));
        ObjectNode jobs = o.putObject("job-states");
        jobs.set("exercised", counts(jobStates));
        jobs.set("untouched", strings(minus(new TreeSet<>(JOB_STATES), jobStates.keySet())));
        return o;
    }

    private static List<String> minus(Set<String> all, Set<String> used) {
        List<String> out = new ArrayList<>();
        for (String s : all) if (!used.contains(s)) out.add(s);
        return out;
    }

    private static ObjectNode counts(Map<String, Integer> m) {
        ObjectNode o = QmpJson.MAPPER.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    private static ArrayNode strings(List<String> l) {
        ArrayNode a = QmpJson.MAPPER.createArrayNode();
        l.forEach(a::add);
        return a;
    }
}
