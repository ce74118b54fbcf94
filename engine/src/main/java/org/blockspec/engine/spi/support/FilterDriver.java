package org.blockspec.engine.spi.support;

import java.nio.ByteBuffer;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.BlockStatus;
import org.blockspec.engine.spi.Capabilities;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildPermRequest;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;

/**
 * Base of drivers that sit on one child and pass everything through unless they override
 * it (nbdkit's filter shape). Subclasses override only the callbacks they change.
 */
public abstract class FilterDriver implements BlockDriver {
    protected final Child file;

    protected FilterDriver(Child file) {
        this.file = file;
    }

    @Override public long length() { return file.length(); }

    @Override public Capabilities capabilities() { return Capabilities.PASSTHROUGH; }

    @Override public Perms childPermissions(ChildPermRequest request) {
        return DefaultPerms.forRole(request);
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        return file.read(offset, dst, flags);
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        return file.write(offset, src, flags);
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        return file.writeZeroes(offset, length, flags);
    }

    @Override public IoResult discard(long offset, long length) {
        return file.discard(offset, length);
    }

    @Override public IoResult flush() {
        return file.flush();
    }

    @Override public void truncate(long length, boolean exact) throws BlockException {
        file.truncate(length, exact);
    }

    @Override public BlockStatus blockStatus(long offset, long length) {
        return file.blockStatus(offset, length);
    }
}
