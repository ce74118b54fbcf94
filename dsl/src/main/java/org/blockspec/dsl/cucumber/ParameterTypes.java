package org.blockspec.dsl.cucumber;

import java.util.ArrayList;
import java.util.List;

import io.cucumber.java.ParameterType;

import org.blockspec.dsl.compile.Word;

/**
 * The typed parameters of the step library. Each names one kind of thing, with a pattern
 * narrow enough that no two steps read alike, yet wide enough that a misspelt value still
 * reaches the step and gets the compiler's own message (an unknown driver, a bad size)
 * instead of "undefined step". Values stay words with their position in the feature file.
 */
public final class ParameterTypes {
    /** What each parameter stands for, with examples, as {@code blockspec steps} lists them. */
    public static final java.util.Map<String, String> MEANING = java.util.Map.ofEntries(
            java.util.Map.entry("node", "a node name: disk0, proto"),
            java.util.Map.entry("ref", "a node or device, or a path from one: vda, disk0/file, top/backing/file"),
            java.util.Map.entry("target", "a guest device or a node: vda, disk0"),
            java.util.Map.entry("device", "a guest device id: vda"),
            java.util.Map.entry("driver", "a block driver: raw, qcow2, file, null-co, throttle, copy-on-read"),
            java.util.Map.entry("format", "an image format: raw, qcow2"),
            java.util.Map.entry("model", "a guest device model: virtio-blk, virtio-blk-pci"),
            java.util.Map.entry("image", "an image file in the scenario's directory: disk.img, top.qcow2"),
            java.util.Map.entry("size", "a size or offset: 512, 64k, 1M, 0x10000"),
            java.util.Map.entry("pattern", "a byte: 0x5a, 7"),
            java.util.Map.entry("duration", "a time on the scenario's clock: 8.9s, 250ms, 2min"),
            java.util.Map.entry("command", "a QMP command: query-block, blockdev-add"),
            java.util.Map.entry("event", "a QMP event: DEVICE_DELETED"),
            java.util.Map.entry("errorclass", "a QMP error class: GenericError, DeviceNotFound"),
            java.util.Map.entry("process", "a process (one engine, as one QEMU): vm2"),
            java.util.Map.entry("perms", "permissions, comma-separated, or nothing: consistent-read, write"),
            java.util.Map.entry("options", "options in short form, to the end of the line: read-only=on file={ file filename=x.img }"),
            java.util.Map.entry("text", "text in quotes: \"Node disk0 is in use\" or 'Failed to get \"write\" lock'"));

    private final BlockWorld world;

    public ParameterTypes(BlockWorld world) {
        this.world = world;
    }

    /** A node name (disk0, proto), as blockdev-add's node-name. */
    @ParameterType("[A-Za-z0-9_][A-Za-z0-9_.#-]*")
    public Word node(String text) { return world.argument(text); }

    /** A node, a device, or a node reached from one through child names: disk0/file, top/backing/file. */
    @ParameterType("[A-Za-z0-9_][A-Za-z0-9_.#-]*(?:/[A-Za-z0-9_.-]+)*")
    public Word ref(String text) { return world.argument(text); }

    /** What data steps read or write: a guest device (through its backend) or a node. */
    @ParameterType("[A-Za-z0-9_][A-Za-z0-9_.#-]*")
    public Word target(String text) { return world.argument(text); }

    /** A guest device id (vda). */
    @ParameterType("[A-Za-z0-9_][A-Za-z0-9_.-]*")
    public Word device(String text) { return world.argument(text); }

    /** A block driver: raw, qcow2, file, null-co, throttle, ... */
    @ParameterType("[a-z][a-z0-9-]*")
    public Word driver(String text) { return world.argument(text); }

    /** An image format: raw, qcow2. */
    @ParameterType("[a-z][a-z0-9-]*")
    public Word format(String text) { return world.argument(text); }

    /** A guest device model: virtio-blk, virtio-blk-pci. */
    @ParameterType("[a-z][a-z0-9-]*")
    public Word model(String text) { return world.argument(text); }

    /** An image file in the scenario's directory: disk.img, top.qcow2. */
    @ParameterType("[A-Za-z0-9_+-][A-Za-z0-9_.+-]*")
    public Word image(String text) { return world.argument(text); }

    /** A size or offset: 512, 64k, 1M, 1G, 0x10000 (k, M, G, T are powers of 1024). */
    @ParameterType("[0-9][0-9A-Za-z.]*")
    public Word size(String text) { return world.argument(text); }

    /** A byte: 0x5a, 7. */
    @ParameterType("0x[0-9A-Fa-f]+|[0-9]+")
    public Word pattern(String text) { return world.argument(text); }

    /** A duration on the scenario's clock: 8.9s, 250ms, 2min. */
    @ParameterType("[0-9][0-9.]*[a-z]+")
    public Word duration(String text) { return world.argument(text); }

    /** A QMP command name: query-block, blockdev-add, x-debug-query-block-graph. */
    @ParameterType("[a-z][a-z0-9_-]*")
    public Word command(String text) { return world.argument(text); }

    /** A QMP event name: DEVICE_DELETED, BLOCK_JOB_READY. */
    @ParameterType("[A-Z][A-Z0-9_]*")
    public Word event(String text) { return world.argument(text); }

    /** A QMP error class: GenericError, DeviceNotFound. */
    @ParameterType("[A-Z][A-Za-z]+")
    public Word errorclass(String text) { return world.argument(text); }

    /** A process (an engine instance, as a second QEMU would be). */
    @ParameterType("[A-Za-z][A-Za-z0-9_.-]*")
    public Word process(String text) { return world.argument(text); }

    /** A permission set: consistent-read, write (comma-separated), or nothing. */
    @ParameterType("nothing|[a-z][a-z-]*(?:, [a-z][a-z-]*)*")
    public List<Word> perms(String text) {
        Word all = world.argument(text);
        List<Word> out = new ArrayList<>();
        if (text.equals("nothing")) return out;
        int at = 0;
        for (String p : text.split(", ")) {
            out.add(world.within(all, at, p));
            at += p.length() + 2;
        }
        return out;
    }

    /**
     * Options in the scenario language's short form, the rest of the line:
     * {@code read-only=on cache.direct=on} or {@code file={ file filename=disk.img }}.
     */
    @ParameterType("[A-Za-z0-9_.-]+=.*")
    public Word options(String text) { return world.argument(text); }

    /** Text in double or single quotes, backslash escapes as in Gherkin strings. */
    @ParameterType("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")
    public Word text(String quoted) {
        Word at = world.argument(quoted);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) c = quoted.charAt(++i);
            sb.append(c);
        }
        return new Word(sb.toString(), at.pos(), true);
    }
}
