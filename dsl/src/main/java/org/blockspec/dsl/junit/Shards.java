package org.blockspec.dsl.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.platform.engine.TestDescriptor;

import org.blockspec.dsl.report.Results;
import org.blockspec.dsl.report.ScenarioRun;

/**
 * Splits the discovered tests into N shards and keeps one ({@code blockspec.shard=I/N}): every
 * machine of a CI matrix computes the same split from the same files. With recorded durations
 * ({@code blockspec.shard.durations}: a {@code results.json} of an earlier run) the longest
 * tests are dealt first, each to the shard with least time so far; tests without a record
 * count as the median one.
 */
public final class Shards {
    public static final String KEY = "blockspec.shard";
    public static final String DURATIONS_KEY = "blockspec.shard.durations";
    private static final Pattern SPEC = Pattern.compile("(\\d+)/(\\d+)");

    /** Shard I of N (1-based). */
    public record Shard(int index, int count) {
        /** @throws IllegalArgumentException with the message a user sees */
        public static Shard parse(String text) {
            Matcher m = SPEC.matcher(text.strip());
            if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not I/N (e.g. 2/4)");
            int i = Integer.parseInt(m.group(1));
            int n = Integer.parseInt(m.group(2));
            if (n < 1 || i < 1 || i > n) throw new IllegalArgumentException("'" + text + "': I must be between 1 and N");
            return new Shard(i, n);
        }
    }

    private Shards() {
    }

    static Map<String, Long> durations(Path results) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (ScenarioRun r : Results.read(results)) if (r.nanos() > 0) out.merge(r.id(), r.nanos(), Math::max);
        return out;
    }

    /** Removes from {@code root} every test not in {@code shard}, then containers left empty. */
    static void keep(TestDescriptor root, Shard shard, Map<String, Long> durations) {
        List<TestDescriptor> tests = new ArrayList<>();
        collect(root, tests);
        List<Long> known = new ArrayList<>();
        for (TestDescriptor t : tests) {
            Long d = durations.get(id(t));
            if (d != null) known.add(d);
        }
        known.sort(null);
        long typical = known.isEmpty() ? 1 : known.get(known.size() / 2);
        List<TestDescriptor> order = new ArrayList<>(tests);
        order.sort(Comparator.<TestDescriptor>comparingLong(t -> -durations.getOrDefault(id(t), typical))
                .thenComparing(Shards::id));
        long[] load = new long[shard.count()];
        for (TestDescriptor t : order) {
            int best = 0;
            for (int i = 1; i < load.length; i++) if (load[i] < load[best]) best = i;
            load[best] += durations.getOrDefault(id(t), typical);
            if (best != shard.index() - 1) t.removeFromHierarchy();
        }
        prune(root);
    }

    /** What results.json calls the test: its file as shown, then its name. */
    static String id(TestDescriptor t) {
        String file = t.getParent().map(TestDescriptor::getDisplayName).orElse("");
        return ScenarioRun.id(file, t.getDisplayName());
    }

    private static void collect(TestDescriptor d, List<TestDescriptor> out) {
        if (d.isTest()) out.add(d);
        for (TestDescriptor c : new ArrayList<>(d.getChildren())) collect(c, out);
    }

    private static void prune(TestDescriptor d) {
        for (TestDescriptor c : new ArrayList<>(d.getChildren())) {
            prune(c);
            if (c.isContainer() && c.getChildren().isEmpty()) c.removeFromHierarchy();
        }
    }
}
