package org.blockspec.engine.device;

import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/**
 * What a guest disk asks of its node (QEMU's blkconf_apply_backend_options): it reads
 * consistently and writes unless read-only, tolerates unchanged writes and reads by others,
 * tolerates resizing when the device can report a new size, and tolerates other writers
 * only with share-rw.
 */
public final class GuestDevicePerms {
    private GuestDevicePerms() {
    }

    public static Perms of(boolean readOnly, boolean resizable, boolean shareRw) {
        PermSet perm = readOnly ? PermSet.of(Perm.CONSISTENT_READ) : PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE);
        PermSet shared = PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE_UNCHANGED);
        if (resizable) shared = shared.plus(Perm.RESIZE);
        if (shareRw) shared = shared.plus(Perm.WRITE);
        return new Perms(perm, shared);
    }
}
