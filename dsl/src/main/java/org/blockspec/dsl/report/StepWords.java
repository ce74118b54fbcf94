package org.blockspec.dsl.report;

import org.blockspec.dsl.model.DataCheck;
import org.blockspec.dsl.model.GraphClaim;
import org.blockspec.dsl.model.Outcome;
import org.blockspec.dsl.model.Step;

/** A step said in words, for documentation generated from scenarios. */
final class StepWords {
    private StepWords() {
    }

    static String of(Step step) {
        String words = switch (step) {
            case Step.CreateImage c -> "Create the " + c.format() + " image `" + c.name() + "` (" + size(c.size()) + ")"
                    + (c.backing() == null ? "" : " on the backing file `" + c.backing() + "`");
            case Step.Qmp q -> qmp(q);
            case Step.QemuIo io -> "Run qemu-io `" + io.command() + "` on `" + io.target().name() + "`";
            case Step.ExpectGraph g -> {
                StringBuilder sb = new StringBuilder(g.exact() ? "The graph is exactly: " : "The graph has: ");
                for (int i = 0; i < g.claims().size(); i++) {
                    sb.append(i == 0 ? "" : "; ").append('`').append(StepText.claim(g.claims().get(i))).append('`');
                }
                yield sb.toString();
            }
            case Step.ExpectPerms p -> (p.child() == null ? "All parents of `" + p.parent() + "` together"
                    : "The edge `" + p.parent() + " -> " + p.child() + "`") + " take " + GraphScene.set(p.required())
                    + " and share " + GraphScene.set(p.shared());
            case Step.ExpectEvent e -> "The event `" + e.name() + "` arrives" + (e.data().toString().equals("{}") ? ""
                    : " with `" + e.data() + "`");
            case Step.ExpectLocks l -> "The image `" + l.image() + "` is locked for " + GraphScene.set(l.held())
                    + " and unshares " + GraphScene.set(l.unshared());
            case Step.ExpectElapsed e -> "The clock moved " + e.nanos() / 1e9 + " s";
            case Step.StartJob j -> "Start the " + j.kind().word() + " job `" + j.id() + "` (" + j.kind().command() + ")";
            case Step.OnJob o -> "Ask job `" + o.id() + "` to " + o.verb().word() + " (" + o.verb().command(o.blockJob()) + ")";
            case Step.Run r -> switch (r.until()) {
                case org.blockspec.dsl.model.RunUntil.JobState s -> "Run until job `" + s.job() + "` is " + s.state();
                case org.blockspec.dsl.model.RunUntil.Event e -> "Run until the event `" + e.name() + "` arrives";
                case org.blockspec.dsl.model.RunUntil.Chunks c -> "Run job `" + c.job() + "` for " + c.count() + " chunks";
                case org.blockspec.dsl.model.RunUntil.Elapsed e -> "Let " + e.nanos() / 1e9 + " s pass";
            };
            case Step.ExpectJob e -> "Job `" + e.id() + "` is " + e.state()
                    + (e.fields().members().isEmpty() ? "" : " with `" + e.fields() + "`");
            case Step.ExpectJobEvents e -> "Job `" + e.id() + "` emits, in order, " + String.join(", ",
                    e.events().stream().map(Object::toString).toList());
            case Step.ExpectData d -> "`" + d.target().name() + "` reads " + switch (d.check()) {
                case DataCheck.Pattern p -> String.format("bytes 0x%02x", p.value());
                case DataCheck.Zeroes z -> "zeroes";
                case DataCheck.SameAs s -> "the same as `" + s.other().name() + "`";
            } + (d.length() == null ? "" : " (" + size(d.length()) + " at " + d.offset() + ")");
        };
        return words + outcome(step);
    }

    private static String qmp(Step.Qmp q) {
        var a = q.arguments();
        return switch (q.execute()) {
            case "blockdev-add" -> "Add the " + a.path("driver").asText() + " node `" + a.path("node-name").asText() + "`";
            case "device_add" -> "Plug the guest device `" + a.path("id").asText() + "` onto `" + a.path("drive").asText() + "`"
                    + (a.path("share-rw").asBoolean(false) || "on".equals(a.path("share-rw").asText()) ? " with share-rw" : "");
            case "blockdev-del" -> "Delete the node `" + a.path("node-name").asText() + "`";
            case "device_del" -> "Unplug the guest device `" + a.path("id").asText() + "`";
            case "blockdev-reopen" -> "Reopen `" + a.path("options").path(0).path("node-name").asText() + "` with new options";
            default -> "Send QMP `" + q.execute() + "`";
        };
    }

    private static String outcome(Step step) {
        Outcome o = switch (step) {
            case Step.Qmp q -> q.outcome();
            case Step.QemuIo io -> io.outcome();
            case Step.StartJob j -> j.outcome();
            case Step.OnJob j -> j.outcome();
            default -> null;
        };
        return switch (o) {
            case Outcome.Fails f -> "; it is refused: " + f.desc();
            case Outcome.Returns r -> "; it returns `" + r.value() + "`";
            case null, default -> "";
        };
    }

    static String size(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return (v == Math.floor(v) ? Long.toString((long) v) : Double.toString(v)) + " " + units[u];
    }
}
