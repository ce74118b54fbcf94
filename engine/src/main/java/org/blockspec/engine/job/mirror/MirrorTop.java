package org.blockspec.engine.job.mirror;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.DefaultPerms;

/**
 * The filter a mirror (and an active commit) puts above its source: {@code mirror_top}. It
 * passes everything to its {@code backing} child; writes reach the source, whose dirty bitmap
 * remembers them for the job, and in write-blocking mode are also written to the target
 * before the guest hears back. For a commit it does not take consistent read and lets others
 * write below it (the base is written by the job). When the job stops it lets go of every
 * permission. Not a driver users can add: only jobs insert it.
 */
final class MirrorTop implements BlockDriver {
    static final BlockDriverFactory FACTORY = new BlockDriverFactory() {
        @Override public String name() { return "mirror_top"; }

        @Override public DriverKind kind() { return DriverKind.FILTER; }

        @Override public List<OptionField> options() { return List.of(); }

        @Override public BlockDriver open(OpenContext ctx) { return new MirrorTop(); }
    };

    private Child backing;
    private long length;
    /** The job while it runs; writes go through to its target in write-blocking mode. */
    private MirrorJob job;
    private boolean isCommit;
    private boolean stop;

    private MirrorTop() {
    }

    void setJob(MirrorJob j) { this.job = j; }

    void setCommit(boolean commit) { this.isCommit = commit; }

    /** The job is over: take nothing from the source any more. */
    void stop() { this.stop = true; }

    @Override public void backingChanged(Child b) {
        this.backing = b;
        if (b != null && length == 0) length = b.length();
    }

    /** Like QEMU's total_sectors for this node: the source's length when the filter was put on it. */
    void setLength(long l) { this.length = l; }

    @Override public long length() { return length; }

    @Override public Capabilities capabilities() { return Capabilities.PASSTHROUGH; }

    @Override public Perms childPermissions(ChildPermRequest request) {
        if (stop) return Perms.UNUSED;
        Perms p = DefaultPerms.forRole(request);
        if (isCommit) {
            // The commit's base is written by the job: reading consistently above it is not
            // possible, and its writes must be tolerated.
            p = new Perms(p.perm().minus(Perm.CONSISTENT_READ), p.shared().plus(Perm.WRITE));
        }
        return p;
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        return backing.read(offset, dst, flags);
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        if (!writeBlocking()) return backing.write(offset, src, flags);
        ByteBuffer copy = src.duplicate(); // the same bytes go to the target
        IoResult r = backing.write(offset, src, flags);
        if (r.ok()) job.activeWrite(MirrorJob.Method.COPY, offset, copy.remaining(), copy, flags);
        return r;
    }

    @Override public IoResult writeZeroes(long offset, long len, ReqFlags flags) {
        IoResult r = backing.writeZeroes(offset, len, flags);
        if (r.ok() && writeBlocking()) job.activeWrite(MirrorJob.Method.ZERO, offset, len, null, flags);
        return r;
    }

    @Override public IoResult discard(long offset, long len) {
        IoResult r = backing.discard(offset, len);
        if (r.ok() && writeBlocking()) job.activeWrite(MirrorJob.Method.DISCARD, offset, len, null, ReqFlags.NONE);
        return r;
    }

    private boolean writeBlocking() {
        return job != null && job.copiesWrites();
    }

    @Override public IoResult flush() {
        return backing == null ? IoResult.OK : backing.flush();
    }

    @Override public BlockStatus blockStatus(long offset, long len) {
        return backing.blockStatus(offset, len);
    }

    /** QEMU's bdrv_mirror_top_refresh_filename: the source's file name. */
    @Override public String exactFilename() {
        return backing == null ? null : backing.exactFilename();
    }

    @Override public boolean imageInfoFromFile() { return true; }
}
