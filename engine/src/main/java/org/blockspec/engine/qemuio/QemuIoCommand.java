package org.blockspec.engine.qemuio;

import java.util.ArrayList;
import java.util.List;

import org.blockspec.engine.qmp.schema.SizeSuffix;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;

/**
 * A parsed qemu-io command (the subset blockspec speaks): {@code read}, {@code write},
 * {@code discard}, {@code flush}, {@code length}, {@code info}. Each says which permission its
 * BlockBackend needs, as qemu-io's command table does.
 */
public sealed interface QemuIoCommand {
    /** What the command's BlockBackend must take before it runs. */
    PermSet needs();

    record Read(long offset, long length, Integer pattern, boolean quiet, boolean verbose) implements QemuIoCommand {
        @Override public PermSet needs() { return PermSet.NONE; }
    }

    record Write(long offset, long length, Integer pattern, boolean zero, boolean unmap, boolean fua,
                 boolean quiet, boolean compressed) implements QemuIoCommand {
        @Override public PermSet needs() { return PermSet.of(Perm.WRITE); }
    }

    record Discard(long offset, long length, boolean quiet) implements QemuIoCommand {
        @Override public PermSet needs() { return PermSet.of(Perm.WRITE); }
    }

    record Flush() implements QemuIoCommand {
        @Override public PermSet needs() { return PermSet.NONE; }
    }

    record Length() implements QemuIoCommand {
        @Override public PermSet needs() { return PermSet.NONE; }
    }

    record Info() implements QemuIoCommand {
        @Override public PermSet needs() { return PermSet.NONE; }
    }

    /**
     * A command line qemu-io refuses, with what it prints on standard error (getopt and
     * command-table complaints) and on standard output (usage, parse errors); either may be empty.
     */
    final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String stderr;

        /** A complaint printed on standard output. */
        public Invalid(String stdout) {
            this("", stdout);
        }

        public Invalid(String stderr, String stdout) {
            super(stdout, null, false, false);
            this.stderr = stderr;
        }

        public String stdout() { return getMessage(); }

        public String stderr() { return stderr; }
    }

    /** Default pattern of write without -P, as in qemu-io. */
    int DEFAULT_WRITE_PATTERN = 0xcd;

    /** qemu-io's usage lines, printed when the words after the options do not fit. */
    String READ_USAGE = "read [-abCqv] [-P pattern [-s off] [-l len]] off len -- reads a number of bytes at a specified offset";
    String WRITE_USAGE = "write [-bcCfnquz] [-P pattern | -s source_file] off len -- writes a number of bytes at a specified offset";
    String DISCARD_USAGE = "discard [-Cq] off len -- discards a number of bytes at a specified offset";

    static QemuIoCommand parse(String line) throws Invalid {
        List<String> argv = split(line);
        if (argv.isEmpty()) throw new Invalid("", "");
        String name = argv.getFirst();
        List<String> args = argv.subList(1, argv.size());
        return switch (name) {
            case "read", "r" -> parseRead(counted("read", args, 2));
            case "write", "w" -> parseWrite(counted("write", args, 2));
            case "discard", "d" -> parseDiscard(counted("discard", args, 2));
            case "flush", "f" -> {
                counted("flush", args, 0);
                yield new Flush();
            }
            case "length", "l" -> {
                counted("length", args, 0);
                yield new Length();
            }
            case "info", "i" -> {
                counted("info", args, 0);
                yield new Info();
            }
            default -> throw new Invalid("command \"" + name + "\" not found", "");
        };
    }

    /** qemu-io checks the word count (options included) before parsing: at least min, or exactly 0. */
    private static List<String> counted(String name, List<String> args, int min) throws Invalid {
        if (min == 0 && !args.isEmpty()) {
            throw new Invalid("bad argument count " + args.size() + " to " + name + ", expected 0 arguments", "");
        }
        if (args.size() < min) {
            throw new Invalid("bad argument count " + args.size() + " to " + name + ", expected at least " + min
                    + " arguments", "");
        }
        return args;
    }

    private static QemuIoCommand parseRead(List<String> args) throws Invalid {
        Integer pattern = null;
        boolean quiet = false;
        boolean verbose = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1; i++) {
            switch (args.get(i)) {
                case "-P" -> pattern = pattern(args, ++i);
                case "-q" -> quiet = true;
                case "-v" -> verbose = true;
                default -> throw badOption("read", args.get(i), READ_USAGE);
            }
        }
        long[] ol = offsetLength(READ_USAGE, args, i);
        return new Read(ol[0], ol[1], pattern, quiet, verbose);
    }

    private static QemuIoCommand parseWrite(List<String> args) throws Invalid {
        Integer pattern = null;
        boolean zero = false;
        boolean unmap = false;
        boolean fua = false;
        boolean quiet = false;
        boolean compressed = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1; i++) {
            switch (args.get(i)) {
                case "-P" -> pattern = pattern(args, ++i);
                case "-c" -> compressed = true;
                case "-z" -> zero = true;
                case "-u" -> unmap = true;
                case "-f" -> fua = true;
                case "-q" -> quiet = true;
                default -> throw badOption("write", args.get(i), WRITE_USAGE);
            }
        }
        if (zero && pattern != null) throw new Invalid("Only one of -z, -P, and -s can be specified at the same time");
        if (unmap && !zero) throw new Invalid("-u requires -z to be specified");
        long[] ol = offsetLength(WRITE_USAGE, args, i);
        return new Write(ol[0], ol[1], pattern, zero, unmap, fua, quiet, compressed);
    }

    private static QemuIoCommand parseDiscard(List<String> args) throws Invalid {
        boolean quiet = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1; i++) {
            if (args.get(i).equals("-q")) quiet = true;
            else throw badOption("discard", args.get(i), DISCARD_USAGE);
        }
        long[] ol = offsetLength(DISCARD_USAGE, args, i);
        return new Discard(ol[0], ol[1], quiet);
    }

    private static long[] offsetLength(String usage, List<String> args, int i) throws Invalid {
        if (args.size() - i != 2) throw new Invalid(usage);
        return new long[] {number(args.get(i)), number(args.get(i + 1))};
    }

    private static long number(String s) throws Invalid {
        try {
            return SizeSuffix.parse(s);
        } catch (NumberFormatException e) {
            throw new Invalid("Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- " + s);
        }
    }

    /** A byte in C's base-0 notation (decimal, 0x hex, leading-0 octal), as qemu-io's parse_pattern. */
    private static Integer pattern(List<String> args, int i) throws Invalid {
        if (i >= args.size()) throw new Invalid("option requires an argument -- 'P'");
        String s = args.get(i);
        try {
            String t = s.toLowerCase(java.util.Locale.ROOT);
            long v;
            if (t.startsWith("0x")) v = Long.parseLong(t.substring(2), 16);
            else if (t.length() > 1 && t.startsWith("0")) v = Long.parseLong(t.substring(1), 8);
            else v = Long.parseLong(t);
            if (v < 0 || v > 255) throw new NumberFormatException();
            return (int) v;
        } catch (NumberFormatException e) {
            throw new Invalid(s + " is not a valid pattern byte");
        }
    }

    private static Invalid badOption(String name, String option, String usage) {
        return new Invalid(name + ": invalid option -- '" + option.substring(1, 2) + "'", usage);
    }

    /** Whitespace-separated words; double quotes group words, as qemu-io's breakline does. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        return out;
    }
}
