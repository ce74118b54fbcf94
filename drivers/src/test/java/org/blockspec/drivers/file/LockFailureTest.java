package org.blockspec.drivers.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.blockspec.drivers.file.FaultyLocks.Call;
import org.blockspec.drivers.raw.RawDriver;
import org.blockspec.engine.graph.DriverRegistry;
import org.blockspec.engine.spi.Errno;
import org.blockspec.engine.testing.ImageLocks;
import org.blockspec.engine.testing.QmpFixture;

/**
 * Lock calls that the kernel refuses or that are interrupted, and file systems without OFD
 * locks. Whatever fails, the image is left with exactly the locks it had before (read back
 * from /proc/locks), and the messages are QEMU's.
 */
class LockFailureTest {
    @TempDir Path dir;
    QmpFixture qmp;
    String img;

    QmpFixture engine(FaultyLocks locks) throws IOException {
        qmp = new QmpFixture(dir, new DriverRegistry(List.of(new FileDriver.Factory(locks), new RawDriver.Factory())));
        img = qmp.image("a.img", 1 << 20);
        return qmp;
    }

    @AfterEach
    void close() {
        if (qmp != null) qmp.close();
    }

    void addRaw(String fileOptions) {
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'%s}}", img, fileOptions);
    }

    @Test
    void aRefusedLockCallLeavesTheLocksThatWereThere() throws IOException {
        engine(new FaultyLocks().fail(Call.LOCK, 103, Errno.ENOLCK, 1));
        addRaw("");
        qmp.deviceAdd("vda", "r0", true);
        List<String> before = ImageLocks.exact(img);
        assertEquals(List.of("OFDLCK READ 100-101"), before);
        // block_resize takes resize: byte 103 joins 100-101, and is refused.
        assertEquals("Failed to lock byte 103: No locks available",
                qmp.error("{'execute':'block_resize','arguments':{'node-name':'r0','size':2097152}}"));
        assertEquals(before, ImageLocks.exact(img));
    }

    @Test
    void aRefusedFirstLockLeavesNothing() throws IOException {
        engine(new FaultyLocks().fail(Call.LOCK, 101, Errno.ENOLCK, 1));
        addRaw("");
        assertEquals("Failed to lock byte 101: No locks available", qmp.deviceAddError("vda", "r0", false));
        assertEquals(List.of(), ImageLocks.exact(img), "byte 100 was taken before 101 failed");
        qmp.deviceAdd("vda", "r0", false);
        assertEquals(List.of("OFDLCK READ 100-101", "OFDLCK READ 201-201"), ImageLocks.exact(img));
    }

    @Test
    void anInterruptedLockCallIsRepeated() throws IOException {
        engine(new FaultyLocks().fail(Call.LOCK, 101, Errno.EINTR, 2));
        addRaw("");
        qmp.deviceAdd("vda", "r0", false);
        assertEquals(List.of("OFDLCK READ 100-101", "OFDLCK READ 201-201"), ImageLocks.exact(img));
    }

    @Test
    void anInterruptedTestFailsTheChangeWithItsErrno() throws IOException {
        engine(new FaultyLocks().fail(Call.TEST, 201, Errno.EINTR, 1));
        addRaw("");
        assertEquals("Failed to get \"write\" lock: Interrupted system call", qmp.deviceAddError("vda", "r0", false));
        assertEquals(List.of(), ImageLocks.exact(img));
    }

    @Test
    void aRefusedTestOfAHeldByteNamesTheSharedLockAndItsErrno() throws IOException {
        engine(new FaultyLocks().fail(Call.TEST, 101, Errno.EIO, 1));
        addRaw("");
        qmp.deviceAdd("vda", "r0", true);
        List<String> before = ImageLocks.exact(img);
        // A read-only device does not share write, so its new descriptor tests byte 101.
        qmp.add("{'driver':'raw','node-name':'r1','read-only':true,'file':{'driver':'file','filename':'%s'}}", img);
        assertEquals("Failed to get shared \"write\" lock: Input/output error", qmp.deviceAddError("vdb", "r1", false));
        assertEquals(before, ImageLocks.exact(img));
    }

    @Test
    void aRefusedUnlockAtCommitIsAWarningAndTheChangeStands() throws IOException {
        engine(new FaultyLocks().fail(Call.UNLOCK, 201, Errno.EIO, 1));
        addRaw("");
        qmp.deviceAdd("vda", "r0", false);
        // Attaching refreshes the node twice in one change; a byte it keeps is never unlocked meanwhile.
        assertEquals("", qmp.takeStderr());
        qmp.ok("{'execute':'device_del','arguments':{'id':'vda'}}");
        assertEquals("blockspec: warning: Failed to unlock byte 201: Input/output error\n", qmp.takeStderr());
        qmp.deviceAdd("vdb", "r0", true);
    }

    @Test
    void withoutOfdLocksAutoOpensUnlockedAndSaysSoOnce() throws IOException {
        engine(new FaultyLocks().unsupported(Errno.ENOLCK));
        addRaw("");
        qmp.deviceAdd("vda", "r0", false);
        qmp.ok("{'execute':'device_del','arguments':{'id':'vda'}}");
        qmp.deviceAdd("vdb", "r0", false);
        assertEquals("blockspec: warning: Image locking is not supported on the file system of '" + img
                + "' (No locks available); the image is opened without locks\n", qmp.takeStderr());
        assertEquals(List.of(), ImageLocks.exact(img));
    }

    @Test
    void withoutOfdLocksOnRefusesToOpen() throws IOException {
        engine(new FaultyLocks().unsupported(Errno.ENOLCK));
        String before = qmp.graphSnapshot();
        assertEquals("Image locking (locking=on) is not supported on the file system of '" + img
                        + "': No locks available",
                qmp.addError("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s','locking':'on'}}",
                        img));
        assertEquals(before, qmp.graphSnapshot());
        addRaw(",'locking':'off'");
        assertEquals("", qmp.takeStderr(), "locking=off does not even ask");
    }
}
