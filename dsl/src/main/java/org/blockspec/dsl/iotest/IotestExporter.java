package org.blockspec.dsl.iotest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.blockspec.dsl.compile.CompileException;
import org.blockspec.dsl.compile.ScenarioCompiler;
import org.blockspec.dsl.exec.EmbeddedBackend;
import org.blockspec.dsl.exec.ExecutionListener;
import org.blockspec.dsl.exec.Executor;
import org.blockspec.dsl.exec.StepFailure;
import org.blockspec.dsl.model.Scenario;
import org.blockspec.dsl.model.ScenarioFile;
import org.blockspec.dsl.model.Step;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.qmp.QmpJson;

/**
 * A scenario file as a QEMU iotests Python test and its reference output: each scenario a
 * section with its own VMs (one per process: q35 without a guest, PCIe root ports for the
 * devices) and images; QMP steps as {@code vm.qmp_log}, graph and permission checks as a
 * logged graph, event checks as {@code event_wait}. The .out is what blockspec answered when it
 * ran the scenario, filtered as the test filters QEMU's answers, so QEMU's own harness checks
 * that QEMU agrees. Steps iotests cannot say the same way are written as comments and listed.
 */
public final class IotestExporter {
    /** The exported test, its reference output, and the steps left out (file:line: why). */
    public record Export(String script, String out, List<String> skipped) {
    }

    private IotestExporter() {
    }

    public static Export export(Path file) throws IOException, CompileException {
        DriverRegistry drivers = DriverRegistry.load(IotestExporter.class.getClassLoader());
        ScenarioFile sf = new ScenarioCompiler(drivers).compile(file);
        StringBuilder py = new StringBuilder();
        StringBuilder out = new StringBuilder();
        List<String> skipped = new ArrayList<>();
        py.append("#!/usr/bin/env python3\n# group: rw quick\n#\n# ")
                .append(sf.feature() != null ? sf.feature() : file.getFileName()).append(": exported from the blockspec scenario ")
                .append(file.getFileName()).append("\n# by `blockspec export-iotest`; the .out is what blockspec answered.\n\n")
                .append("import iotests\nfrom iotests import log\n\n")
                .append("iotests.script_initialize(supported_fmts=['generic'], supported_protocols=['file'],\n")
                .append("                          supported_platforms=['linux'])\n\n\n")
                .append("def filters():\n    '''Test directory and generated node names vary from run to run.'''\n")
                .append("    return [iotests.filter_qmp_testfiles,\n")
                .append("            lambda m: iotests.filter_qmp(m, lambda k, v: iotests.filter_generated_node_ids(v)\n")
                .append("                                         if iotests.is_str(v) else v)]\n\n\n")
                .append("def new_vm(suffix):\n    '''A VM without a guest; root ports take hot-plugged disks, and unplugging is immediate.'''\n")
                .append("    vm = iotests.VM(suffix)\n    vm.add_args('-machine', 'q35', '-S',\n")
                .append("                '-global', 'ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off')\n")
                .append("    for i in range(1, 9):\n        vm.add_device(f'pcie-root-port,id=rp{i},bus=pcie.0,chassis={i}')\n")
                .append("    vm.launch()\n    return vm\n\n\n").append(GraphLines.PYTHON).append("\n\nimg = {}\n");
        for (Scenario s : sf.scenarios()) section(s, drivers, py, out, skipped);
        return new Export(py.toString(), out.toString(), skipped);
    }

    private static void section(Scenario s, DriverRegistry drivers, StringBuilder py, StringBuilder out, List<String> skipped)
            throws IOException {
        Recording rec = new Recording();
        Path dir = Files.createTempDirectory("blockspec-export");
        StepFailure failure;
        try (EmbeddedBackend b = new EmbeddedBackend(dir, drivers, s.realClock())) {
            failure = new Executor(null, rec).run(s, b);
        } finally {
            try (var w = Files.walk(dir)) {
                for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
        if (failure != null) throw new IOException(failure.render().strip() + "\n(only scenarios that pass are exported)");
        py.append("\nlog('=== ").append(s.name().replace("\\", "\\\\").replace("'", "\\'")).append(" ===')\n");
        out.append("=== ").append(s.name()).append(" ===\n");
        Set<String> images = new LinkedHashSet<>();
        for (Step st : s.steps()) if (st instanceof Step.CreateImage c) images.add(c.name());
        Set<String> vms = new LinkedHashSet<>();
        Map<String, Integer> bus = new HashMap<>();
        Map<String, Integer> eventsLogged = new HashMap<>();
        for (Step st : s.steps()) {
            String vm = "vm_" + st.process().replaceAll("\\W", "_");
            if (!(st instanceof Step.CreateImage) && vms.add(vm)) {
                py.append(vm).append(" = new_vm('").append(st.process().equals("main") ? "" : "-" + st.process())
                        .append("')\n");
            }
            List<Exchange> ex = rec.exchanges.getOrDefault(st, List.of());
            // Job starts and verbs are QMP commands in iotests as well.
            Step as = st instanceof Step.StartJob j ? j.asQmp() : st instanceof Step.OnJob j ? j.asQmp() : st;
            switch (as) {
                case Step.CreateImage c -> {
                    py.append("img['").append(c.name()).append("'] = iotests.file_path('").append(c.name()).append("')\n");
                    py.append("iotests.qemu_img_create('-f', '").append(c.format()).append("'");
                    if (c.backing() != null) {
                        py.append(", '-b', img['").append(c.backing()).append("'], '-F', '")
                                .append(c.backingFormat() != null ? c.backingFormat() : c.format()).append("'");
                    }
                    if (c.options() != null) py.append(", '-o', ").append(PyJson.pyString(c.options()));
                    py.append(", img['").append(c.name()).append("'], '").append(c.size()).append("')\n");
                }
                case Step.Qmp q -> {
                    ObjectNode args = q.arguments().deepCopy();
                    if (q.execute().equals("device_add")) {
                        int n = bus.merge(st.process(), 1, Integer::sum);
                        args.put("bus", "rp" + n);
                    }
                    py.append(vm).append(".qmp_log('").append(q.execute()).append("', filters=filters()");
                    if (!args.isEmpty()) py.append(", **").append(PyJson.literal(args, images));
                    py.append(")\n");
                    out.append(PyJson.command(q.execute(), testFiles(args, images))).append('\n');
                    Exchange e = ex.isEmpty() ? null : ex.getFirst();
                    out.append(e == null ? "{\"return\": {}}" : filtered(PyJson.dumps(e.reply()))).append('\n');
                }
                case Step.ExpectGraph g -> graph(vm, ex, py, out);
                case Step.ExpectPerms p -> graph(vm, ex, py, out);
                case Step.ExpectEvent e -> {
                    List<JsonNode> evs = rec.events.getOrDefault(st.process(), List.of());
                    int from = eventsLogged.getOrDefault(st.process() + "/" + e.name(), 0);
                    JsonNode found = null;
                    int seen = 0;
                    for (JsonNode ev : evs) {
                        if (!ev.path("event").asText().equals(e.name())) continue;
                        if (seen++ == from) {
                            found = ev;
                            break;
                        }
                    }
                    eventsLogged.put(st.process() + "/" + e.name(), from + 1);
                    py.append("log(").append(vm).append(".event_wait('").append(e.name())
                            .append("', timeout=10.0), filters=[iotests.filter_qmp_event])\n");
                    if (found != null) {
                        ObjectNode ev = found.deepCopy();
                        ev.putObject("timestamp").put("microseconds", "USECS").put("seconds", "SECS");
                        out.append(PyJson.dumps(ev)).append('\n');
                    }
                }
                default -> {
                    py.append("# not exported (").append(kind(st)).append("): ").append(st.text()).append('\n');
                    skipped.add(st.pos().file() + ":" + st.pos().line() + ": " + kind(st) + " has no iotests equivalent here");
                }
            }
        }
        for (String vm : vms) py.append(vm).append(".shutdown()\n");
    }

    private static void graph(String vm, List<Exchange> ex, StringBuilder py, StringBuilder out) {
        py.append("log_graph(").append(vm).append(")\n");
        JsonNode g = null;
        JsonNode n = null;
        for (Exchange e : ex) {
            if (e.execute().equals("x-debug-query-block-graph")) g = e.reply().path("return");
            if (e.execute().equals("query-named-block-nodes")) n = e.reply().path("return");
        }
        if (g != null && n != null) for (String l : GraphLines.of(g, n)) out.append(l).append('\n');
    }

    private static String kind(Step s) {
        return switch (s) {
            case Step.QemuIo io -> "qemu-io";
            case Step.ExpectData d -> "expect data";
            case Step.ExpectLocks l -> "expect locks";
            case Step.ExpectElapsed e -> "expect elapsed";
            default -> s.getClass().getSimpleName();
        };
    }

    /** What filter_qmp_testfiles makes of the image paths the test passes. */
    private static JsonNode testFiles(JsonNode args, Set<String> images) {
        if (args.isTextual()) {
            String s = args.textValue().startsWith("$DIR/") ? args.textValue().substring(5) : args.textValue();
            if (images.contains(s)) return com.fasterxml.jackson.databind.node.TextNode.valueOf("TEST_DIR/PID-" + s);
            return args;
        }
        if (args.isObject()) {
            ObjectNode o = QmpJson.MAPPER.createObjectNode();
            args.properties().forEach(e -> o.set(e.getKey(), testFiles(e.getValue(), images)));
            return o;
        }
        if (args.isArray()) {
            var a = QmpJson.MAPPER.createArrayNode();
            args.forEach(e -> a.add(testFiles(e, images)));
            return a;
        }
        return args;
    }

    private static String filtered(String s) {
        return s.replace("$DIR/", "TEST_DIR/PID-").replaceAll("#block[0-9]+", "NODE_NAME");
    }

    private record Exchange(String execute, JsonNode reply) {
    }

    /** The QMP exchanges of each step and every event, with the scenario's directory as $DIR. */
    private static final class Recording implements ExecutionListener {
        final Map<Step, List<Exchange>> exchanges = new HashMap<>();
        final Map<String, List<JsonNode>> events = new HashMap<>();
        private String dir;

        @Override public void scenarioStarted(Scenario s, Path directory) {
            dir = directory.toString();
        }

        @Override public void qmpExchange(Step step, String process, String execute, JsonNode arguments, JsonNode reply) {
            exchanges.computeIfAbsent(step, k -> new ArrayList<>()).add(new Exchange(execute, withDir(reply)));
        }

        @Override public void event(Step step, String process, JsonNode event) {
            events.computeIfAbsent(process, k -> new ArrayList<>()).add(withDir(event));
        }

        private JsonNode withDir(JsonNode n) {
            try {
                return QmpJson.MAPPER.readTree(QmpJson.write(n).replace(dir, "$DIR"));
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                return n;
            }
        }
    }
}
