package org.blockspec.dsl.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.dsl.model.SourcePos;

/**
 * What exists in one process at a point of a scenario, as far as the compiler can tell:
 * nodes (with the nested nodes each top node created), devices and jobs. Used to catch unknown
 * and duplicate names before anything runs.
 */
final class Symbols {
    private final Map<String, SourcePos> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> nested = new HashMap<>();
    private final Map<String, SourcePos> devices = new LinkedHashMap<>();
    private final Map<String, SourcePos> jobs = new LinkedHashMap<>();

    boolean hasNode(String name) { return nodes.containsKey(name); }

    boolean hasDevice(String id) { return devices.containsKey(id); }

    SourcePos node(String name) { return nodes.get(name); }

    SourcePos device(String id) { return devices.get(id); }

    java.util.Set<String> nodeNames() { return nodes.keySet(); }

    java.util.Set<String> deviceIds() { return devices.keySet(); }

    /** A blockdev-add's nodes: the first is the top, the others die with it. */
    void addNodes(List<String> names, SourcePos pos) {
        for (String n : names) nodes.put(n, pos);
        if (!names.isEmpty()) nested.put(names.getFirst(), new ArrayList<>(names.subList(1, names.size())));
    }

    void removeNode(String name) {
        nodes.remove(name);
        for (String n : nested.getOrDefault(name, List.of())) nodes.remove(n);
        nested.remove(name);
    }

    void addDevice(String id, SourcePos pos) { devices.put(id, pos); }

    void removeDevice(String id) { devices.remove(id); }

    /** A job started here (ids stay known: a job can be looked at after it is gone). */
    void addJob(String id, SourcePos pos) { jobs.putIfAbsent(id, pos); }

    boolean hasJob(String id) { return jobs.containsKey(id); }

    java.util.Set<String> jobIds() { return jobs.keySet(); }
}
