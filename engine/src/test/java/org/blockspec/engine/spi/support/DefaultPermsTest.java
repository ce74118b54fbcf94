package org.blockspec.engine.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.blockspec.engine.spi.ChildRole;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.Perms;

/** QEMU's default child-permission rules, case by case (block.c, bdrv_default_perms_*). */
class DefaultPermsTest {
    static final PermSet CR = PermSet.of(Perm.CONSISTENT_READ);
    static final PermSet W = PermSet.of(Perm.WRITE);
    static final PermSet WU = PermSet.of(Perm.WRITE_UNCHANGED);
    static final PermSet RS = PermSet.of(Perm.RESIZE);

    static PermSet set(PermSet... s) {
        PermSet out = PermSet.NONE;
        for (PermSet p : s) out = out.plus(p);
        return out;
    }

    @Test
    void filterPassesEverythingThrough() {
        Perms parents = new Perms(set(CR, W), set(CR, WU));
        assertEquals(parents, DefaultPerms.forFilter(parents));
    }

    @Test
    void backingIsReadOnlyAndSharesWritesOnlyIfTheOverlayDoes() {
        assertEquals(new Perms(PermSet.NONE, PermSet.ALL), DefaultPerms.forCow(Perms.UNUSED));
        assertEquals(new Perms(CR, set(CR, WU)), DefaultPerms.forCow(new Perms(set(CR, W), set(CR, WU, RS))));
        assertEquals(new Perms(CR, PermSet.ALL), DefaultPerms.forCow(new Perms(set(CR, W), set(CR, W, WU))));
        assertEquals(new Perms(PermSet.NONE, set(CR, WU)), DefaultPerms.forCow(new Perms(W, set(CR))));
    }

    @Test
    void metadataIsWrittenWhenWritableAndNeverShared() {
        assertEquals(new Perms(set(CR, W, RS), set(CR, WU)),
                DefaultPerms.forStorage(ChildRole.IMAGE, Perms.UNUSED, true, false));
        assertEquals(new Perms(CR, set(CR, WU)),
                DefaultPerms.forStorage(ChildRole.IMAGE, Perms.UNUSED, false, false));
        assertEquals(new Perms(PermSet.NONE, set(CR, WU)),
                DefaultPerms.forStorage(ChildRole.METADATA_PRIMARY, Perms.UNUSED, false, true));
    }

    @Test
    void dataIsNotResizedByOthersAndWritesMayGrowIt() {
        assertEquals(new Perms(PermSet.NONE, set(CR, W, WU)),
                DefaultPerms.forStorage(ChildRole.DATA_PRIMARY, Perms.UNUSED, true, false));
        assertEquals(new Perms(set(WU, W, RS), set(CR, WU)),
                DefaultPerms.forStorage(ChildRole.DATA_ONLY, new Perms(WU, set(CR, WU)), true, false));
    }

    @Test
    void dispatchFollowsRoleFlags() {
        Perms p = new Perms(set(CR, W), set(CR, WU, RS));
        assertEquals(DefaultPerms.forFilter(p), DefaultPerms.forRole(
                new org.blockspec.engine.spi.ChildPermRequest("file", ChildRole.FILTERED_PRIMARY, p, true)));
        assertEquals(DefaultPerms.forCow(p), DefaultPerms.forRole(
                new org.blockspec.engine.spi.ChildPermRequest("backing", ChildRole.BACKING, p, true)));
    }

    @Test
    void permNamesInBothSpellings() {
        PermSet s = set(W, RS);
        assertEquals("write, resize", s.describe());
        assertEquals(java.util.List.of("resize", "write"), s.qmpNames());
        assertEquals("consistent read, write, write unchanged, resize", PermSet.ALL.describe());
    }
}
