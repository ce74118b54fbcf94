package org.blockspec.dsl.iotest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The graph as sorted lines, computed exactly as the exported test's {@code log_graph} does
 * in Python: devices by id, nodes by name, generated names by path from a named vertex.
 */
final class GraphLines {
    static final List<String> PERMS = List.of("consistent-read", "write", "write-unchanged", "resize");

    private GraphLines() {
    }

    static List<String> of(JsonNode graph, JsonNode named) {
        Map<String, String> drv = new HashMap<>();
        for (JsonNode n : named) drv.put(n.path("node-name").asText(), n.path("drv").asText());
        Map<Integer, JsonNode> vertices = new HashMap<>();
        for (JsonNode v : graph.path("nodes")) vertices.put(v.path("id").asInt(), v);
        List<JsonNode> edges = new ArrayList<>();
        graph.path("edges").forEach(edges::add);
        edges.sort(Comparator.comparing(e -> e.path("name").asText()));
        Map<Integer, String> labels = new HashMap<>();
        List<Integer> ids = new ArrayList<>(vertices.keySet());
        ids.sort(null);
        for (int id : ids) {
            JsonNode v = vertices.get(id);
            String name = v.path("name").asText();
            if (v.path("type").asText().equals("block-backend")) {
                String[] parts = name.split("/");
                if (name.startsWith("/machine/peripheral/") && parts.length > 3) labels.put(id, parts[3]);
            } else if (!name.startsWith("#") && !name.isEmpty()) {
                labels.put(id, name);
            }
        }
        List<Integer> start = new ArrayList<>(labels.keySet());
        start.sort(Comparator.comparing(labels::get));
        Deque<Integer> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            int p = queue.poll();
            for (JsonNode e : edges) {
                int c = e.path("child").asInt();
                if (e.path("parent").asInt() == p && !labels.containsKey(c)) {
                    labels.put(c, labels.get(p) + "/" + e.path("name").asText());
                    queue.add(c);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (int id : ids) {
            JsonNode v = vertices.get(id);
            String l = labels.getOrDefault(id, "NODE_NAME");
            if (v.path("type").asText().equals("block-backend")) lines.add("device " + l);
            else lines.add(l + ": " + drv.getOrDefault(v.path("name").asText(), v.path("type").asText()));
        }
        for (JsonNode e : edges) {
            lines.add(labels.getOrDefault(e.path("parent").asInt(), "NODE_NAME") + " -" + e.path("name").asText() + "-> "
                    + labels.getOrDefault(e.path("child").asInt(), "NODE_NAME") + " requires " + perms(e.path("perm"))
                    + " shares " + perms(e.path("shared-perm")));
        }
        lines.sort(null);
        return lines;
    }

    private static String perms(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (String p : PERMS) for (JsonNode x : list) if (x.asText().equals(p)) out.add(p);
        return "{" + String.join(", ", out) + "}";
    }

    /** The same, in the exported test. */
    static final String PYTHON = """
            PERMS = ['consistent-read', 'write', 'write-unchanged', 'resize']


            def log_graph(vm):
                '''The graph as sorted lines: devices by id, nodes by name, others by path.'''
                graph = vm.qmp('x-debug-query-block-graph')['return']
                drv = {n['node-name']: n['drv'] for n in vm.qmp('query-named-block-nodes')['return']}
                vertices = {v['id']: v for v in graph['nodes']}
                edges = sorted(graph['edges'], key=lambda e: e['name'])
                labels = {}
                for i in sorted(vertices):
                    name = vertices[i]['name']
                    if vertices[i]['type'] == 'block-backend':
                        parts = name.split('/')
                        if name.startswith('/machine/peripheral/') and len(parts) > 3:
                            labels[i] = parts[3]
                    elif name and not name.startswith('#'):
                        labels[i] = name
                queue = sorted(labels, key=lambda i: labels[i])
                while queue:
                    p = queue.pop(0)
                    for e in edges:
                        if e['parent'] == p and e['child'] not in labels:
                            labels[e['child']] = labels[p] + '/' + e['name']
                            queue.append(e['child'])

                def perms(names):
                    return '{' + ', '.join(p for p in PERMS if p in names) + '}'

                lines = []
                for i in sorted(vertices):
                    v = vertices[i]
                    label = labels.get(i, 'NODE_NAME')
                    if v['type'] == 'block-backend':
                        lines.append('device ' + label)
                    else:
                        lines.append(label + ': ' + drv.get(v['name'], v['type']))
                for e in edges:
                    lines.append(labels.get(e['parent'], 'NODE_NAME') + ' -' + e['name'] + '-> '
                                 + labels.get(e['child'], 'NODE_NAME') + ' requires ' + perms(e['perm'])
                                 + ' shares ' + perms(e['shared-perm']))
                for line in sorted(lines):
                    log(line)
            """;
}
