package org.blockspec.dsl.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * qemu-storage-daemon's command line as getopt_long reads it: {@code --opt VALUE} or
 * {@code --opt=VALUE}, short {@code -h}/{@code -V}, in the order given (order matters: an
 * export needs the NBD server started before it). Errors carry QEMU's texts.
 */
final class DaemonArgs {
    /** One option and its value (null for flags). */
    record Arg(String name, String value) {
    }

    /** A command line that cannot run; exit status 1, as QEMU's. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static final Set<String> WITH_VALUE = Set.of("blockdev", "chardev", "export", "monitor", "nbd-server",
            "object", "pidfile", "trace");
    static final Set<String> FLAGS = Set.of("help", "version", "daemonize");

    private DaemonArgs() {
    }

    static List<Arg> parse(List<String> argv) throws Invalid {
        List<Arg> out = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            switch (a) {
                case "-h" -> out.add(new Arg("help", null));
                case "-V" -> out.add(new Arg("version", null));
                case "-T" -> out.add(new Arg("trace", value(argv, ++i, "-T", "option requires an argument -- 'T'")));
                default -> {
                    if (!a.startsWith("--")) {
                        if (a.startsWith("-") && a.length() > 1) throw new Invalid("invalid option -- '" + a.charAt(1) + "'");
                        throw new Invalid(a + ": Unexpected argument");
                    }
                    int eq = a.indexOf('=');
                    String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                    if (FLAGS.contains(name)) {
                        if (eq >= 0) throw new Invalid("option '--" + name + "' doesn't allow an argument");
                        out.add(new Arg(name, null));
                    } else if (WITH_VALUE.contains(name)) {
                        String v = eq >= 0 ? a.substring(eq + 1)
                                : value(argv, ++i, a, "option '" + a + "' requires an argument");
                        out.add(new Arg(name, v));
                    } else {
                        throw new Invalid("unrecognized option '" + (eq < 0 ? a : a.substring(0, eq)) + "'");
                    }
                }
            }
        }
        return out;
    }

    private static String value(List<String> argv, int i, String opt, String missing) throws Invalid {
        if (i >= argv.size()) throw new Invalid(missing);
        return argv.get(i);
    }
}
