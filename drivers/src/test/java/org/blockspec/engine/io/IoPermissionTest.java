package org.blockspec.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.Engine;
import org.blockspec.engine.graph.BackendOps;
import org.blockspec.engine.graph.BlockBackend;
import org.blockspec.engine.graph.ChildEdge;
import org.blockspec.engine.spi.IoResult;
import org.blockspec.engine.spi.Perm;
import org.blockspec.engine.spi.PermSet;
import org.blockspec.engine.spi.PermissionViolation;
import org.blockspec.engine.spi.Perms;
import org.blockspec.engine.spi.ReqFlags;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * I/O through an edge that lacks the permission is an engine bug: it throws before any byte
 * reaches the file, and the image is unchanged. With the permission, the bytes land.
 */
@ExtendWith(QmpFixtureExtension.class)
class IoPermissionTest {
    final QmpFixture qmp;
    Engine engine;
    Path img;

    IoPermissionTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        engine = qmp.engine();
        img = Path.of(qmp.image("a.img", 1 << 20));
        qmp.add("{'driver':'raw','node-name':'r','file':{'driver':'file','filename':'%s'}}", img);
    }

    BlockBackend backend(Perms perms) {
        return engine.loop().call(() -> BackendOps.createDirect(engine.graph(), engine.graph().node("r"), perms));
    }

    @Test
    void writeWithoutWriteThrowsAndChangesNothing() throws IOException {
        byte[] before = Files.readAllBytes(img);
        BlockBackend readOnly = backend(new Perms(PermSet.of(Perm.CONSISTENT_READ), PermSet.ALL));
        ByteBuffer data = ByteBuffer.wrap(new byte[4096]);
        Arrays.fill(data.array(), (byte) 0x5a);
        PermissionViolation v = assertThrows(PermissionViolation.class,
                () -> engine.loop().call(() -> readOnly.write(0, data, ReqFlags.NONE)));
        assertTrue(v.getMessage().contains("needs 'write'"), v.getMessage());
        assertThrows(PermissionViolation.class,
                () -> engine.loop().call(() -> readOnly.writeZeroes(0, 4096, ReqFlags.NONE)));
        assertThrows(PermissionViolation.class, () -> engine.loop().call(() -> readOnly.discard(0, 4096)));
        assertArrayEquals(before, Files.readAllBytes(img));
    }

    @Test
    void nodeEdgesAreCheckedToo() {
        // raw without users takes nothing on its file edge, so a write through it is refused.
        ChildEdge fileEdge = engine.graph().node("r").child("file");
        assertThrows(PermissionViolation.class,
                () -> engine.loop().call(() -> fileEdge.write(0, ByteBuffer.allocate(512), ReqFlags.NONE)));
        assertThrows(PermissionViolation.class, () -> engine.loop().call(() -> {
            fileEdge.truncate(4096, false);
            return null;
        }));
    }

    @Test
    void writeUnchangedNeedsOnlyWriteUnchanged() {
        BlockBackend wu = backend(new Perms(PermSet.of(Perm.WRITE_UNCHANGED), PermSet.ALL));
        IoResult r = engine.loop().call(() -> wu.write(0, ByteBuffer.allocate(512), ReqFlags.WRITE_UNCHANGED));
        assertTrue(r.ok());
        assertThrows(PermissionViolation.class,
                () -> engine.loop().call(() -> wu.write(0, ByteBuffer.allocate(512), ReqFlags.NONE)));
    }

    @Test
    void writeWithPermissionReachesTheFile() throws IOException {
        BlockBackend rw = backend(new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE), PermSet.ALL));
        byte[] bytes = new byte[4096];
        Arrays.fill(bytes, (byte) 0xab);
        IoResult r = engine.loop().call(() -> rw.write(8192, ByteBuffer.wrap(bytes), ReqFlags.NONE));
        assertTrue(r.ok());
        byte[] file = Files.readAllBytes(img);
        assertArrayEquals(bytes, Arrays.copyOfRange(file, 8192, 8192 + 4096));
        assertEquals(0, file[8191]);
    }

    @Test
    void backendRefusesRequestsPastTheEnd() {
        BlockBackend rw = backend(new Perms(PermSet.of(Perm.CONSISTENT_READ, Perm.WRITE), PermSet.ALL));
        IoResult r = engine.loop().call(() -> rw.read((1 << 20) - 512, ByteBuffer.allocate(1024)));
        assertEquals("EIO", r.toString());
    }
}
