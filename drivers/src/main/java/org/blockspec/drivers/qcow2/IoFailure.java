package org.blockspec.drivers.qcow2;

import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.spi.IoResult;

/**
 * Metadata I/O failed on the layer below, or an operation ran out of room; the request fails
 * with this errno. Thrown inside the driver and turned into an {@link IoResult} at its edge.
 */
final class IoFailure extends Exception {
    private static final long serialVersionUID = 1L;

    final transient Errno errno;

    IoFailure(Errno errno) {
        super(errno.text(), null, false, false);
        this.errno = errno;
    }

    static void check(IoResult r) throws IoFailure {
        if (!r.ok()) throw new IoFailure(r.error());
    }
}
