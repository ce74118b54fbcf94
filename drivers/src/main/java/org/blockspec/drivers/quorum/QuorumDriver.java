package org.blockspec.drivers.quorum;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.ChildSlot;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.EventSink;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Filter driver {@code quorum}: writes go to every child, reads are voted on. A read needs
 * {@code vote-threshold} children agreeing; children that disagree or fail are reported
 * (QUORUM_REPORT_BAD) and, with {@code rewrite-corrupted}, repaired with the winning data.
 * With {@code read-pattern=fifo} the first child that reads successfully wins.
 */
public final class QuorumDriver implements BlockDriver {
    private static final int SECTOR = 512;

    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "quorum"; }

        @Override public DriverKind kind() { return DriverKind.FILTER; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.optional("blkverify", OptionType.BOOL),
                    OptionField.required("children", new OptionType.ListOf(OptionType.NODE_REF)),
                    OptionField.required("vote-threshold", OptionType.INT),
                    OptionField.optional("rewrite-corrupted", OptionType.BOOL),
                    OptionField.optional("read-pattern", OptionType.enumOf("QuorumReadPattern", "quorum", "fifo")));
        }

        @Override public List<String> strongOptions() {
            return List.of("vote-threshold", "read-pattern", "rewrite-corrupted", "blkverify");
        }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            var o = ctx.options();
            int children = ctx.childListSize("children");
            if (children < 1) throw new BlockException("Number of provided children must be 1 or more");
            long threshold = o.integer("vote-threshold");
            if (threshold < 1) throw new BlockException("Parameter 'vote-threshold' expects a value >= 1");
            if (threshold > children) throw new BlockException("threshold may not exceed children count");
            boolean fifo = o.enumValue("read-pattern", "quorum").equals("fifo");
            // As in QEMU, read-pattern=fifo makes blkverify and rewrite-corrupted meaningless: they are ignored.
            boolean blkverify = !fifo && o.bool("blkverify", false);
            boolean rewrite = !fifo && o.bool("rewrite-corrupted", false);
            if (blkverify && (children != 2 || threshold != 2)) {
                throw new BlockException("blkverify=on can only be set if there are exactly two files and vote-threshold is 2");
            }
            if (blkverify && rewrite) throw new BlockException("rewrite-corrupted=on cannot be used with blkverify=on");
            List<Child> kids = ctx.openChildList("children", ChildRole.DATA_ONLY);
            // QEMU ends the process when the two copies differ; blockspec does not offer that mode.
            if (blkverify) throw new BlockException("blkverify mode is not supported by blockspec");
            return new QuorumDriver(ctx.nodeName(), kids, (int) threshold, fifo, rewrite, ctx.events());
        }
    }

    private final String name;
    private final List<Child> children;
    private final int threshold;
    private final boolean fifo;
    private final boolean rewrite;
    private final EventSink events;
    /** Children are named children.N by a counter that only grows (but for the last one removed). */
    private int nextIndex;

    private QuorumDriver(String name, List<Child> children, int threshold, boolean fifo, boolean rewrite,
                         EventSink events) {
        this.name = name;
        this.children = new ArrayList<>(children);
        this.nextIndex = children.size();
        this.threshold = threshold;
        this.fifo = fifo;
        this.rewrite = rewrite;
        this.events = events;
    }

    @Override public long length() { return children.getFirst().length(); }

    /** QEMU's quorum has no bdrv_get_info, so its image info carries no dirty-flag. */
    @Override public boolean hasImageInfo() { return false; }

    @Override public ChildSlot newChildSlot() {
        return new ChildSlot("children." + nextIndex, ChildRole.DATA_ONLY);
    }

    @Override public void childAdded(Child child) {
        children.add(child);
        nextIndex++;
    }

    @Override public String refuseRemoval(Child child) {
        return children.size() <= threshold
                ? "The number of children cannot be lower than the vote threshold " + threshold : null;
    }

    @Override public void childRemoved(Child child) {
        children.remove(child);
        if (child.name().equals("children." + (nextIndex - 1))) nextIndex--;
    }

    @Override public Capabilities capabilities() { return new Capabilities(1, 0, true, true, false, false); }

    /** Children may never be written or resized by others: they would stop agreeing. */
    @Override public Perms childPermissions(ChildPermRequest r) {
        PermSet perm = r.parents().perm();
        if (rewrite) perm = perm.plus(Perm.WRITE);
        return new Perms(perm, r.parents().shared().and(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE_UNCHANGED)));
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        return fifo ? readFifo(offset, dst, flags) : readVoting(offset, dst, flags);
    }

    private IoResult readFifo(long offset, ByteBuffer dst, ReqFlags flags) {
        for (Child c : children) {
            ByteBuffer buf = ByteBuffer.allocate(dst.remaining());
            IoResult r = c.read(offset, buf, flags);
            if (r.ok()) {
                dst.put(buf.flip());
                return r;
            }
            reportBad("read", c, offset, buf.capacity(), r.error());
        }
        return IoResult.fail(Errno.EIO);
    }

    private IoResult readVoting(long offset, ByteBuffer dst, ReqFlags flags) {
        int n = dst.remaining();
        List<byte[]> results = new ArrayList<>();
        List<Child> readers = new ArrayList<>();
        for (Child c : children) {
            ByteBuffer buf = ByteBuffer.allocate(n);
            IoResult r = c.read(offset, buf, flags);
            if (r.ok()) {
                results.add(buf.array());
                readers.add(c);
            } else {
                reportBad("read", c, offset, n, r.error());
            }
        }
        // Versions of the data as QEMU's vote lists them: a new version and a new voter for a
        // version go first. The first version with the most votes wins (on a tie, the version
        // seen last), and the losers are reported in list order.
        List<List<Integer>> versions = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            List<Integer> version = null;
            for (List<Integer> v : versions) if (Arrays.equals(results.get(v.getFirst()), results.get(i))) version = v;
            if (version == null) {
                version = new ArrayList<>();
                versions.addFirst(version);
            }
            version.addFirst(i);
        }
        List<Integer> winner = List.of();
        for (List<Integer> v : versions) if (v.size() > winner.size()) winner = v;
        if (winner.size() < threshold) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reference", name);
            data.put("sector-num", offset / SECTOR);
            data.put("sectors-count", sectors(offset, n));
            events.emit("QUORUM_FAILURE", data);
            return IoResult.fail(Errno.EIO);
        }
        byte[] good = results.get(winner.getFirst());
        for (List<Integer> v : versions) {
            if (v == winner) continue;
            for (int i : v) reportBad("read", readers.get(i), offset, n, null);
        }
        if (rewrite) {
            for (List<Integer> v : versions) {
                if (v == winner) continue;
                for (int i : v) readers.get(i).write(offset, ByteBuffer.wrap(good), ReqFlags.NONE);
            }
        }
        dst.put(good);
        return IoResult.OK;
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        int ok = 0;
        for (Child c : children) {
            IoResult r = c.write(offset, src.duplicate(), flags);
            if (r.ok()) ok++;
            else reportBad("write", c, offset, src.remaining(), r.error());
        }
        src.position(src.limit());
        return ok >= threshold ? IoResult.OK : IoResult.fail(Errno.EIO);
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        int ok = 0;
        for (Child c : children) {
            IoResult r = c.writeZeroes(offset, length, flags);
            if (r.ok()) ok++;
            else reportBad("write", c, offset, length, r.error());
        }
        return ok >= threshold ? IoResult.OK : IoResult.fail(Errno.EIO);
    }

    @Override public IoResult flush() {
        int ok = 0;
        for (Child c : children) {
            IoResult r = c.flush();
            if (r.ok()) ok++;
            else reportBad("flush", c, 0, 0, r.error());
        }
        return ok >= threshold ? IoResult.OK : IoResult.fail(Errno.EIO);
    }

    private static long sectors(long offset, long bytes) {
        return (offset + bytes + SECTOR - 1) / SECTOR - offset / SECTOR;
    }

    private void reportBad(String type, Child c, long offset, long bytes, Errno error) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        if (error != null) data.put("error", error.text());
        data.put("node-name", c.nodeName());
        data.put("sector-num", offset / SECTOR);
        data.put("sectors-count", sectors(offset, bytes));
        events.emit("QUORUM_REPORT_BAD", data);
    }
}
