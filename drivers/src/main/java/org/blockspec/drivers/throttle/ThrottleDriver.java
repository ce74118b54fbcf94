package org.blockspec.drivers.throttle;

import java.nio.ByteBuffer;
import java.util.List;

import org.blockspec.engine.spi.BlockDriver;
import org.blockspec.engine.spi.BlockDriverFactory;
import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.Child;
import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.DriverKind;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.OpenContext;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.Reopen;
import org.blockspec.engine.spi.ReopenPolicy;
import org.blockspec.engine.spi.ReopenRequest;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.spi.support.FilterDriver;

/**
 * Filter driver {@code throttle}: every read and write waits for its throttle-group's
 * budget. It has no metadata, so it may sit anywhere in the graph (slide 12).
 */
public final class ThrottleDriver extends FilterDriver {
    public static final class Factory implements BlockDriverFactory {
        @Override public String name() { return "throttle"; }

        @Override public DriverKind kind() { return DriverKind.FILTER; }

        @Override public List<OptionField> options() {
            return List.of(OptionField.required("throttle-group", OptionType.STR),
                    OptionField.required("file", OptionType.NODE_REF));
        }

        @Override public List<String> strongOptions() { return List.of("throttle-group"); }

        @Override public ReopenPolicy reopenPolicy() { return ReopenPolicy.changing("throttle-group"); }

        @Override public BlockDriver open(OpenContext ctx) throws BlockException {
            ThrottleGroup group = group(ctx.options().string("throttle-group"), ctx::object);
            Child file = ctx.openChild("file", ChildRole.FILTERED_PRIMARY);
            group.join();
            return new ThrottleDriver(file, group);
        }

        private static ThrottleGroup group(String name, ReopenRequest.ObjectLookup objects) throws BlockException {
            if (!(objects.find("throttle-group", name) instanceof ThrottleGroup group)) {
                throw new BlockException("Throttle group '" + name + "' does not exist");
            }
            return group;
        }
    }

    private ThrottleGroup group;

    private ThrottleDriver(Child file, ThrottleGroup group) {
        super(file);
        this.group = group;
    }

    /** Another group: the node leaves its old one when the reopen commits. */
    @Override public Reopen prepareReopen(ReopenRequest request) throws BlockException {
        ThrottleGroup next = Factory.group(request.options().string("throttle-group"), request.objects());
        if (next == group) return Reopen.NOTHING;
        return new Reopen() {
            @Override public void commit() {
                next.join();
                group.leave();
                group = next;
            }

            @Override public void abort() { }
        };
    }

    @Override public IoResult read(long offset, ByteBuffer dst, ReqFlags flags) {
        group.admit(false, dst.remaining());
        return file.read(offset, dst, flags);
    }

    @Override public IoResult write(long offset, ByteBuffer src, ReqFlags flags) {
        group.admit(true, src.remaining());
        return file.write(offset, src, flags);
    }

    @Override public IoResult writeZeroes(long offset, long length, ReqFlags flags) {
        group.admit(true, length);
        return file.writeZeroes(offset, length, flags);
    }

    @Override public IoResult discard(long offset, long length) {
        group.admit(true, length);
        return file.discard(offset, length);
    }

    @Override public void close() {
        group.leave();
    }
}
