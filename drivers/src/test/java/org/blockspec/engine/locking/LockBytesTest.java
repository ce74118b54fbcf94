package org.blockspec.engine.locking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.ImageLocks;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * Which bytes a file node locks for the permissions its parents take and refuse to share,
 * as the kernel shows them in /proc/locks and the inspector puts them in words; the byte
 * ranges are those QEMU 7.2 locks for the same graphs (see reference/locking.md). Locks
 * follow every change: attach, detach, deletion, close.
 */
@ExtendWith(QmpFixtureExtension.class)
class LockBytesTest {
    final QmpFixture qmp;
    String img;

    LockBytesTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = qmp.image("a.img", 1 << 20);
    }

    void addRaw(String name, String extra) {
        qmp.add("{'driver':'raw','node-name':'%s'%s,'file':{'driver':'file','filename':'%s'}}", name, extra, img);
    }

    @Test
    void aFileNodeWithoutUsersLocksNothing() throws IOException {
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
        addRaw("r0", "");
        assertEquals(List.of(), ImageLocks.exact(img));
        assertEquals("holds: nothing; does not share: nothing", ImageLocks.inWords(img));
    }

    @Test
    void aWritableDeviceHoldsReadAndWriteAndDoesNotShareWrite() throws IOException {
        addRaw("r0", "");
        qmp.deviceAdd("vda", "r0", false);
        // qemu-system-x86_64 7.2 with the same -device: 100-101 and 201.
        assertEquals(List.of("OFDLCK READ 100-101", "OFDLCK READ 201-201"), ImageLocks.exact(img));
        assertEquals("holds: consistent read, write; does not share: write", ImageLocks.inWords(img));
    }

    @Test
    void shareRwOnSharesWrite() throws IOException {
        addRaw("r0", "");
        qmp.deviceAdd("vda", "r0", true);
        assertEquals(List.of("OFDLCK READ 100-101"), ImageLocks.exact(img));
    }

    @Test
    void aReadOnlyDeviceReadsAndStillDoesNotShareWrite() throws IOException {
        addRaw("r0", ",'read-only':true");
        qmp.deviceAdd("vda", "r0", false);
        assertEquals(List.of("OFDLCK READ 100-100", "OFDLCK READ 201-201"), ImageLocks.exact(img));
        assertEquals("holds: consistent read; does not share: write", ImageLocks.inWords(img));
    }

    @Test
    void aFormatNodeTakesWriteAndResizeAndSharesNeitherEvenWithoutUsers() throws IOException {
        String q = qmp.qcow2("q.qcow2", 1 << 20);
        qmp.add("{'driver':'qcow2','node-name':'c0','file':{'driver':'file','filename':'%s'}}", q);
        img = q;
        // QEMU 7.2, qcow2 read-write without users: 100-101, 103, 201, 203.
        assertEquals(List.of("OFDLCK READ 100-101", "OFDLCK READ 103-103", "OFDLCK READ 201-201",
                "OFDLCK READ 203-203"), ImageLocks.exact(img));
        assertEquals("holds: consistent read, write, resize; does not share: write, resize", ImageLocks.inWords(img));
    }

    @Test
    void forceShareUnsharesNothing() throws IOException {
        img = qmp.qcow2("q.qcow2", 1 << 20);
        qmp.add("{'driver':'qcow2','node-name':'c0','read-only':true,'force-share':true,"
                + "'file':{'driver':'file','filename':'%s'}}", img);
        assertEquals(List.of("OFDLCK READ 100-100"), ImageLocks.exact(img));
    }

    @Test
    void lockingOffLocksNothing() throws IOException {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s','locking':'off'}}", img);
        qmp.deviceAdd("vda", "r0", false);
        assertEquals(List.of(), ImageLocks.exact(img));
    }

    @Test
    void detachingUsersReleasesTheirBytes() throws IOException {
        img = qmp.qcow2("q.qcow2", 1 << 20);
        qmp.add("{'driver':'file','node-name':'f0','filename':'%s'}", img);
        qmp.add("{'driver':'raw','node-name':'r0','file':'f0'}");
        qmp.deviceAdd("vda", "r0", false);
        qmp.ok("{'execute':'device_del','arguments':{'id':'vda'}}");
        assertEquals(List.of(), ImageLocks.exact(img));
        qmp.deviceAdd("vdb", "r0", true);
        qmp.deviceAdd("vdc", "r0", true);
        qmp.ok("{'execute':'device_del','arguments':{'id':'vdb'}}");
        assertEquals(List.of("OFDLCK READ 100-101"), ImageLocks.exact(img), "vdc still reads and writes");
        qmp.ok("{'execute':'device_del','arguments':{'id':'vdc'}}");
        assertEquals(List.of(), ImageLocks.exact(img));
        // A format node's bytes go when it is deleted; the file node stays, unlocked.
        qmp.add("{'driver':'qcow2','node-name':'c0','file':'f0'}");
        assertEquals(4, ImageLocks.exact(img).size());
        qmp.ok("{'execute':'blockdev-del','arguments':{'node-name':'c0'}}");
        assertEquals(List.of(), ImageLocks.exact(img));
    }

    @Test
    void aTemporaryResizeLeavesTheLocksAsTheyWere() throws IOException {
        addRaw("r0", "");
        qmp.deviceAdd("vda", "r0", false);
        List<String> before = ImageLocks.exact(img);
        qmp.ok("{'execute':'block_resize','arguments':{'node-name':'r0','size':2097152}}");
        assertEquals(before, ImageLocks.exact(img));
    }

    @Test
    void closingTheEngineReleasesEverything() throws IOException {
        img = qmp.qcow2("q.qcow2", 1 << 20);
        try (QmpFixture other = new QmpFixture(qmp.dir())) {
            other.add("{'driver':'qcow2','node-name':'c0','file':{'driver':'file','filename':'%s'}}", img);
            other.add("{'driver':'raw','node-name':'r0','read-only':true,'force-share':true,"
                    + "'file':{'driver':'file','filename':'%s'}}", img);
            other.deviceAdd("vda", "r0", false);
            // Two descriptors: the format's file and the force-shared reader's (100 only).
            assertEquals(List.of("OFDLCK READ 100-100", "OFDLCK READ 100-101", "OFDLCK READ 103-103",
                    "OFDLCK READ 201-201", "OFDLCK READ 203-203"), ImageLocks.exact(img));
        }
        assertEquals(List.of(), ImageLocks.exact(img));
    }
}
