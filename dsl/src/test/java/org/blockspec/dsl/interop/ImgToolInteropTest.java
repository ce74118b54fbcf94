package org.blockspec.dsl.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.blockspec.dsl.differential.QemuTools;

/**
 * {@code blockspec img} against real qemu-img 7.2: the same command in two directories
 * prepared alike (by QEMU's tools) prints the same standard output and standard error (the
 * program's name aside), exits alike, and leaves byte-identical files, except where noted:
 * compressed data (another deflate encoder) is compared by content instead.
 */
class ImgToolInteropTest {
    @TempDir Path tmp;

    /** The images cases use, each made by QEMU's tools after the images it names first. */
    private static final Map<String, List<String>> IMAGES = new LinkedHashMap<>();

    static {
        image("base.qcow2", "qemu-img create -q -f qcow2 base.qcow2 1M",
                "qemu-io -c 'write -P 0x11 0 64k' -c 'write -z 128k 64k' -c 'write -P 0x22 300k 4k' base.qcow2");
        image("mid.qcow2", "qemu-img create -q -f qcow2 -b base.qcow2 -F qcow2 mid.qcow2",
                "qemu-io -c 'write -P 0x33 64k 64k' -c 'write -z 512k 64k' mid.qcow2");
        image("top.qcow2", "qemu-img create -q -f qcow2 -b mid.qcow2 -F qcow2 top.qcow2",
                "qemu-io -c 'write -P 0x44 128k 128k' top.qcow2");
        image("r.img", "qemu-img create -q -f raw r.img 1M", "qemu-io -f raw -c 'write -P 0x55 8k 8k' r.img");
        image("v2.qcow2", "qemu-img create -q -f qcow2 -o compat=0.10,cluster_size=4k v2.qcow2 2M",
                "qemu-io -c 'write -P 0x66 0 100k' v2.qcow2");
        image("nb.qcow2", "qemu-img create -q -f qcow2 nb.qcow2 1M", "qemu-io -c 'write -P 0x11 0 64k' nb.qcow2");
        image("comp.qcow2", "qemu-img convert -c -O qcow2 base.qcow2 comp.qcow2");
        image("c.qcow2", "qemu-img create -q -f qcow2 c.qcow2 1M");
        image("leak.qcow2", "cp c.qcow2 leak.qcow2; truncate -s 327680 leak.qcow2",
                "printf '\\x00\\x01' | dd of=leak.qcow2 bs=1 seek=131080 conv=notrunc status=none");
        image("cor.qcow2", "cp c.qcow2 cor.qcow2",
                "printf '\\x00\\x00' | dd of=cor.qcow2 bs=1 seek=131078 conv=notrunc status=none");
        image("cor2.qcow2", "cp top.qcow2 cor2.qcow2",
                "printf '\\x00\\x02' | dd of=cor2.qcow2 bs=1 seek=131082 conv=notrunc status=none");
        // Internal snapshots (dates zeroed so that both directories hold the same bytes).
        image("snap.qcow2", "qemu-img create -q -f qcow2 snap.qcow2 1M", "qemu-io -c 'write -P 0x11 0 64k' snap.qcow2",
                "qemu-img snapshot -c snap1 snap.qcow2", "qemu-io -c 'write -P 0x22 0 64k' snap.qcow2",
                undated("snap.qcow2"));
        image("snap2.qcow2", "qemu-img create -q -f qcow2 -o compat=0.10,cluster_size=4k snap2.qcow2 1M",
                "qemu-io -c 'write -P 0x11 0 64k' -c 'write -c -P 0x12 512k 4k' snap2.qcow2",
                "qemu-img snapshot -c snap1 snap2.qcow2", "qemu-io -c 'write -P 0x22 0 8k' snap2.qcow2",
                undated("snap2.qcow2"));
        // Two snapshot entries more than the table holds: read as incomplete entries.
        image("snapx.qcow2", "cp snap.qcow2 snapx.qcow2",
                "printf '\\x00\\x00\\x00\\x03' | dd of=snapx.qcow2 bs=1 seek=60 conv=notrunc status=none");
        // Sources whose size is no multiple of the output's cluster size.
        image("odd1.img", "qemu-img create -q -f raw odd1.img 1023k", "qemu-io -f raw -c 'write -P 0x11 0 1023k' odd1.img");
        image("odd2.img", "qemu-img create -q -f raw odd2.img 1023k",
                "qemu-io -f raw -c 'write -P 0x22 0 1000k' -c 'write -P 0x23 1022k 1k' odd2.img");
        image("big.qcow2", "qemu-img create -q -f qcow2 -o cluster_size=1M big.qcow2 128M");
        // A backing file named by a json: filename, through blkdebug failing every write.
        image("jtop.qcow2", "qemu-img create -q -f qcow2 jbase.qcow2 1M",
                "qemu-img create -q -f qcow2 -u -F qcow2 -b 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"blkdebug\","
                        + "\"image\":{\"driver\":\"file\",\"filename\":\"jbase.qcow2\"},"
                        + "\"inject-error\":[{\"event\":\"write_aio\"}]}}' jtop.qcow2 1M",
                "qemu-io -c 'write -P 0x11 0 64k' jtop.qcow2");
    }

    /** Zeroes the dates in an image's snapshot table. */
    private static String undated(String image) {
        return "python3 - " + image + " <<'PY'\n"
                + "import struct, sys\n"
                + "f = open(sys.argv[1], 'r+b'); h = f.read(72); nb, p = struct.unpack('>IQ', h[60:72])\n"
                + "for i in range(nb):\n"
                + "    p = (p + 7) & ~7; f.seek(p); e = f.read(40)\n"
                + "    ids, names = struct.unpack('>HH', e[12:16]); extra = struct.unpack('>I', e[36:40])[0]\n"
                + "    f.seek(p + 16); f.write(bytes(8)); p += 40 + extra + ids + names\n"
                + "PY";
    }

    private static void image(String name, String... commands) {
        IMAGES.put(name, List.of(commands));
    }

    /**
     * Commands after which QEMU's layout is not reproducible (its commit job copies ranges
     * concurrently), or differs by design (compressed data): there the images must read the
     * same and check clean instead of being identical bytes.
     */
    private static final List<String> SAME_CONTENT_ONLY = List.of("commit -b ", "convert -c ");

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String c : List.of(
                "create -f qcow2 a.qcow2 1M", "create -f qcow2 -o cluster_size=4k,compat=0.10 a.qcow2 100M",
                "create -f qcow2 -o cluster_size=512 a.qcow2 4G", "create -f qcow2 -o refcount_bits=1,lazy_refcounts=on a.qcow2 10M",
                "create -f qcow2 -o preallocation=metadata,cluster_size=4k a.qcow2 3M", "create -f raw a.img 1M",
                "create -f qcow2 -b base.qcow2 -F qcow2 a.qcow2", "create -f qcow2 -b base.qcow2 a.qcow2",
                "create -f qcow2 -u -b nosuch.qcow2 -F qcow2 a.qcow2 1M", "create -f qcow2 -b nosuch.qcow2 -F qcow2 a.qcow2",
                "create -f qcow2 a.qcow2", "create -f qcow2 -o foo=1 a.qcow2 1M", "create -f qcow2 -o cluster_size=1000 a.qcow2 1M",
                "create -f qcow2 -o compat=2 a.qcow2 1M", "create -f qcow2 a.qcow2 1E", "create -f bogus a.img 1M",
                "info top.qcow2", "info --output=json top.qcow2", "info --backing-chain top.qcow2",
                "info --backing-chain --output=json top.qcow2", "info r.img", "info v2.qcow2", "info comp.qcow2",
                "info nosuch.qcow2", "info -f raw base.qcow2",
                "check top.qcow2", "check --output=json base.qcow2", "check r.img", "check comp.qcow2",
                "check leak.qcow2", "check -r leaks leak.qcow2", "check --output=json leak.qcow2",
                "check cor.qcow2", "check -r leaks cor.qcow2", "check -r all cor.qcow2", "check cor2.qcow2",
                "check -r all cor2.qcow2",
                "map top.qcow2", "map --output=json top.qcow2", "map --output=json r.img", "map comp.qcow2",
                "map --output=json comp.qcow2",
                "compare base.qcow2 mid.qcow2", "compare mid.qcow2 top.qcow2", "compare base.qcow2 comp.qcow2",
                "compare -s base.qcow2 r.img", "compare top.qcow2 nosuch.qcow2",
                "convert -O qcow2 top.qcow2 out.qcow2", "convert -O raw top.qcow2 out.img",
                "convert -O qcow2 -o cluster_size=4k,compat=0.10 r.img out.qcow2", "convert -c -O raw top.qcow2 out.img",
                "convert -B mid.qcow2 -F qcow2 -O qcow2 top.qcow2 out.qcow2", "convert -B base.qcow2 -F qcow2 -O qcow2 nb.qcow2 out.qcow2",
                "convert -c -B base.qcow2 -F qcow2 -O qcow2 nb.qcow2 out.qcow2",
                "resize top.qcow2 2M", "resize top.qcow2 +1M", "resize top.qcow2 512k", "resize --shrink top.qcow2 512k",
                "resize -f raw r.img 3M", "resize v2.qcow2 10M",
                "commit top.qcow2", "commit -d top.qcow2", "commit -b base.qcow2 top.qcow2", "commit base.qcow2",
                "rebase -b nb.qcow2 -F qcow2 top.qcow2", "rebase -u -b other.qcow2 -F qcow2 top.qcow2",
                "rebase -u -b other.qcow2 top.qcow2", "rebase -b nosuch.qcow2 -F qcow2 mid.qcow2", "rebase mid.qcow2",
                // Images with internal snapshots: every cluster a snapshot references is in use.
                "check snap.qcow2", "check -r leaks snap.qcow2", "check -r all snap.qcow2", "check snap2.qcow2",
                "check -r all snap2.qcow2", "check snapx.qcow2", "check -r leaks snapx.qcow2", "check -r all snapx.qcow2",
                "resize snap.qcow2 2M", "resize --shrink snap.qcow2 512k", "resize snap2.qcow2 2M",
                // A compressed cluster may hold the end of one source and the start of the next.
                "convert -c -O qcow2 odd1.img odd2.img out.qcow2",
                "convert -c -O qcow2 -o cluster_size=1k odd1.img odd2.img out.qcow2",
                "convert -c -O qcow2 -o cluster_size=2M odd1.img odd2.img out.qcow2",
                "convert -c -O qcow2 -o preallocation=metadata r.img out.qcow2",
                "info big.qcow2", "info --output=json big.qcow2",
                "commit jtop.qcow2")) {
            out.add(Arguments.of(c));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "img {0}")
    @MethodSource("cases")
    void sameAsQemuImg(String command) throws Exception {
        QemuTools.require("qemu-img");
        Path theirs = prepared("qemu", command);
        Path ours = prepared("blockspec", command);
        List<String> args = List.of(command.split(" "));
        List<String> qemu = new ArrayList<>(List.of("qemu-img"));
        qemu.addAll(args);
        List<String> blockspec = new ArrayList<>(List.of("img"));
        blockspec.addAll(args);
        Tool q = Tool.qemu(theirs, qemu);
        Tool b = Tool.blockspec(ours, blockspec.toArray(String[]::new));
        assertAll(() -> assertEquals(q.stdout(), named(b.stdout()), "stdout"),
                () -> assertEquals(q.stderr(), named(b.stderr()), "stderr"),
                () -> assertEquals(q.exit(), b.exit(), "exit status"));
        boolean bytes = SAME_CONTENT_ONLY.stream().noneMatch(command::startsWith);
        for (Path f : files(theirs)) {
            Path mine = ours.resolve(f.getFileName());
            if (bytes) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(mine), f.getFileName() + " differs");
            } else if (f.toString().endsWith(".qcow2")) {
                Tool same = Tool.qemu(tmp, "qemu-img", "compare", "-U", f.toString(), mine.toString());
                assertEquals(0, same.exit(), f.getFileName() + " reads differently\n" + same);
                assertEquals(0, Tool.qemu(tmp, "qemu-img", "check", "-U", mine.toString()).exit(), mine + " is not clean");
            }
        }
    }

    /** A directory with the images {@code command} names, and those they are made from. */
    private Path prepared(String name, String command) throws IOException, InterruptedException {
        Path d = Files.createDirectories(tmp.resolve(name));
        List<String> script = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : IMAGES.entrySet()) {
            if (needs(command, e.getKey())) script.addAll(e.getValue());
        }
        if (script.isEmpty()) return d;
        Tool t = Tool.qemu(d, "bash", "-e", "-c", String.join("\n", script));
        assertEquals(0, t.exit(), t.toString());
        return d;
    }

    /** Whether the command's images need {@code image} (named directly, or below a named image). */
    private static boolean needs(String command, String image) {
        for (String word : command.split(" ")) {
            if (dependsOn(word, image)) return true;
        }
        return false;
    }

    private static boolean dependsOn(String name, String image) {
        if (name.equals(image)) return true;
        List<String> made = IMAGES.get(name);
        if (made == null) return false;
        for (String other : IMAGES.keySet()) {
            if (!other.equals(name) && String.join(" ", made).contains(other) && dependsOn(other, image)) return true;
        }
        return false;
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    private static String named(String s) {
        return s.replace("blockspec img", "qemu-img");
    }
}
