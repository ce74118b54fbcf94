package org.blockspec.engine.qemuio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * qemu-io through human-monitor-command, against texts recorded from qemu-system-x86_64 7.2:
 * errors come back in the reply, results go to standard output.
 */
@ExtendWith(QmpFixtureExtension.class)
class HmpQemuIoTest {
    final QmpFixture qmp;
    Path img;

    HmpQemuIoTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = Path.of(qmp.image("b.img", 1 << 20));
        qmp.add("{'driver':'raw','node-name':'r0','file':{'driver':'file','filename':'%s'}}", img);
    }

    String hmp(String commandLine) {
        return qmp.hmp(commandLine);
    }

    @Test
    void deviceBackendByQdevPath() throws IOException {
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vda','drive':'r0'}}");
        assertEquals("Error: Device does not have a block device backend\r\n", hmp("qemu-io -d vda \"read 0 512\""));
        assertEquals("Error: Device 'vdz' not found\r\n", hmp("qemu-io -d vdz \"read 0 512\""));
        assertEquals("", hmp("qemu-io -d vda/virtio-backend \"write -P 0x5a 0 64k\""));
        assertEquals("wrote 65536/65536 bytes at offset 0\n", qmp.takeStdout());
        byte[] expected = new byte[65536];
        Arrays.fill(expected, (byte) 0x5a);
        assertArrayEquals(expected, Arrays.copyOf(Files.readAllBytes(img), 65536));
    }

    @Test
    void nodeNameGetsATemporaryBackendThatConflictsWithADevice() {
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vda','drive':'r0'}}");
        String before = qmp.graphSnapshot();
        assertEquals("Permission conflict on node 'r0': permissions 'write' are both required by an unnamed block "
                + "device (uses node 'r0' as 'root' child) and unshared by block device "
                + "'/machine/peripheral/vda/virtio-backend' (uses node 'r0' as 'root' child).\r\n",
                hmp("qemu-io r0 \"write -z 0 4k\""));
        assertEquals(before, qmp.graphSnapshot(), "the temporary backend is gone");
        assertEquals("", hmp("qemu-io r0 \"read 0 1\""));
        assertEquals("read 1/1 bytes at offset 0\n", qmp.takeStdout());
    }

    @Test
    void readOnlyDeviceCannotBeWritten() throws IOException {
        qmp.add("{'driver':'raw','node-name':'ro','read-only':true,'file':{'driver':'file','filename':'%s'}}",
                qmp.image("a.img", 1 << 20));
        qmp.ok("{'execute':'device_add','arguments':{'driver':'virtio-blk-pci','id':'vdc','drive':'ro'}}");
        assertEquals("Block node is read-only\r\n", hmp("qemu-io -d vdc/virtio-backend \"write 0 512\""));
    }

    @Test
    void resultsAndFailuresOnStandardOutput() {
        assertEquals("", hmp("qemu-io r0 \"write -P 0x5a 0 64k\""));
        assertEquals("", hmp("qemu-io r0 \"read -P 0x5b 0 512\""));
        assertEquals("", hmp("qemu-io r0 \"read 1M 4k\""));
        assertEquals("", hmp("qemu-io r0 \"bogus 1M 4k\""));
        assertEquals("", hmp("qemu-io r0 \"read -v 0 20\""));
        assertEquals("", hmp("qemu-io r0 \"discard 0 4k\""));
        assertEquals("", hmp("qemu-io r0 \"flush\""));
        assertEquals("", hmp("qemu-io r0 \"read -q 0 4k\""));
        assertEquals("""
                wrote 65536/65536 bytes at offset 0
                Pattern verification failed at offset 0, 512 bytes
                read 512/512 bytes at offset 0
                read failed: Input/output error
                00000000:  5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a 5a  ZZZZZZZZZZZZZZZZ
                00000010:  5a 5a 5a 5a  ZZZZ
                read 20/20 bytes at offset 0
                discard 4096/4096 bytes at offset 0
                """, qmp.takeStdout());
        assertEquals("command \"bogus\" not found\n", qmp.takeStderr());
        assertEquals("Error: Cannot find device='' nor node-name='nosuch'\r\n", hmp("qemu-io nosuch \"read 0 1\""));
    }

    @Test
    void qemuIoCommandLineErrors() {
        for (String c : new String[] {"read 0", "read x 1", "write -P 0x1g 0 1", "write -z -P 1 0 1", "write -u 0 1",
                "flush x", "write -P 300 0 2", "read -Q 0 1", "read 0 1 2", "length"}) {
            hmp("qemu-io r0 \"" + c + "\"");
        }
        // Texts and streams recorded from qemu-io 7.2.
        assertEquals("""
                Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- x
                0x1g is not a valid pattern byte
                Only one of -z, -P, and -s can be specified at the same time
                -u requires -z to be specified
                300 is not a valid pattern byte
                read [-abCqv] [-P pattern [-s off] [-l len]] off len -- reads a number of bytes at a specified offset
                read [-abCqv] [-P pattern [-s off] [-l len]] off len -- reads a number of bytes at a specified offset
                1 MiB
                """, qmp.takeStdout());
        assertEquals("""
                bad argument count 1 to read, expected at least 2 arguments
                bad argument count 1 to flush, expected 0 arguments
                read: invalid option -- 'Q'
                """, qmp.takeStderr());
    }

    @Test
    void sizesAsQemuPrintsThem() {
        assertEquals("1 MiB", QemuIo.sizeToString(1 << 20));
        assertEquals("1.500 KiB", QemuIo.sizeToString(1536));
        assertEquals("4.657 GiB", QemuIo.sizeToString(5_000_000_000L));
        assertEquals("1 KiB", QemuIo.sizeToString(1024));
        assertEquals("0 bytes", QemuIo.sizeToString(0));
        assertEquals("512 bytes", QemuIo.sizeToString(512));
        assertEquals("1000 bytes", QemuIo.sizeToString(1000), "units change at 1024, not at 1000");
        assertEquals("977 KiB", QemuIo.sizeToString(1000448));
    }

    @Test
    void unknownHmpCommand() {
        assertEquals("unknown command: 'foo'\r\n", hmp("foo bar"));
    }
}
