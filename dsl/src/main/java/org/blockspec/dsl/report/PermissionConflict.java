package org.blockspec.dsl.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QEMU's permission-conflict message taken apart: the node, the permissions, the user whose
 * edge requires them and the user whose edge does not share them, each with its edge name.
 * Either may be the request QEMU refused (a new device that unshares what an old one takes,
 * or a new writer); the picture tells them apart by which edge is missing from the graph.
 */
public record PermissionConflict(String node, List<String> perms, User requiring, String requiringEdge,
                                 User unsharing, String unsharingEdge, String message) {
    /** Who uses a node, as QEMU describes a parent: a node, a guest device, a job, or nobody known. */
    public record User(Kind kind, String name) {
        public enum Kind { NODE, DEVICE, JOB, UNNAMED }

        static User parse(String desc) {
            Matcher m = Pattern.compile("node '(.*)'").matcher(desc);
            if (m.matches()) return new User(Kind.NODE, m.group(1));
            m = Pattern.compile("block device '(.*)'").matcher(desc);
            if (m.matches()) return new User(Kind.DEVICE, deviceName(m.group(1)));
            m = Pattern.compile("\\S+ job '(.*)'").matcher(desc);
            if (m.matches()) return new User(Kind.JOB, m.group(1));
            return new User(Kind.UNNAMED, desc);
        }

        /** {@code vda} for {@code /machine/peripheral/vda/virtio-backend}. */
        private static String deviceName(String qomPath) {
            Matcher m = Pattern.compile("/machine/peripheral/([^/]+)/.*").matcher(qomPath);
            return m.matches() ? m.group(1) : qomPath;
        }

        @Override public String toString() {
            return switch (kind) {
                case NODE -> "node " + name;
                case DEVICE -> "device " + name;
                case JOB -> "job " + name;
                case UNNAMED -> name;
            };
        }
    }

    private static final Pattern MESSAGE = Pattern.compile("Permission conflict on node '(.*?)': permissions '(.*?)' "
            + "are both required by (.*?) \\(uses node '.*?' as '(.*?)' child\\) and unshared by (.*?) "
            + "\\(uses node '.*?' as '(.*?)' child\\)\\.");

    /** @return null when the text is not a permission conflict */
    public static PermissionConflict parse(String message) {
        if (message == null) return null;
        Matcher m = MESSAGE.matcher(message);
        if (!m.matches()) return null;
        return new PermissionConflict(m.group(1), List.of(m.group(2).split(", ")), User.parse(m.group(3)), m.group(4),
                User.parse(m.group(5)), m.group(6), message);
    }
}
