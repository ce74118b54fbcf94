package org.blockspec.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.MemoryTestDriver;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * The generic request path between an edge and a driver: it honours what the driver declared
 * (alignment, maximum transfer, zero-write, discard, FUA) so the driver never sees anything
 * else, and guest-visible data stays right.
 */
@ExtendWith(QmpFixtureExtension.class)
class NodeIoTest {
    final QmpFixture qmp;

    NodeIoTest(QmpFixture qmp) {
        this.qmp = qmp;
    }

    void io(String node, String command) {
        String r = qmp.ok("{'execute':'human-monitor-command','arguments':{'command-line':'qemu-io %s \"%s\"'}}",
                node, command).asText();
        assertEquals("", r, command);
    }

    List<String> log(String node) {
        List<String> l = List.copyOf(MemoryTestDriver.LOG.get(node));
        MemoryTestDriver.LOG.get(node).clear();
        return l;
    }

    @Test
    void unalignedRequestsAreWidenedWithReadModifyWrite() {
        qmp.add("{'driver':'test-memory','node-name':'m','size':65536,'align':4096}");
        io("m", "write -P 0x11 100 300");
        assertEquals(List.of("read 0+4096", "write 0+4096"), log("m"));
        io("m", "write -P 0x22 4000 200");
        assertEquals(List.of("read 0+8192", "write 0+8192"), log("m"));
        qmp.takeStdout();
        io("m", "read -P 0x11 100 300");
        io("m", "read -P 0x22 4000 200");
        io("m", "read -P 0 0 100");
        io("m", "read -P 0 4200 100");
        assertEquals("read 300/300 bytes at offset 100\nread 200/200 bytes at offset 4000\n"
                + "read 100/100 bytes at offset 0\nread 100/100 bytes at offset 4200\n", qmp.takeStdout());
    }

    @Test
    void largeRequestsAreSplitAtTheMaximumTransfer() {
        qmp.add("{'driver':'test-memory','node-name':'m','size':1048576,'max-transfer':65536}");
        io("m", "write -P 0x33 0 200k");
        assertEquals(List.of("write 0+65536", "write 65536+65536", "write 131072+65536", "write 196608+8192"), log("m"));
        io("m", "read -P 0x33 0 200k");
        assertEquals(4, log("m").size());
    }

    @Test
    void zeroWritesFallBackToWritingZeroes() {
        qmp.add("{'driver':'test-memory','node-name':'m','size':65536}");
        io("m", "write -P 0x44 0 8k");
        log("m");
        io("m", "write -z 1k 2k");
        assertEquals(List.of("write 1024+2048"), log("m"));
        qmp.takeStdout();
        io("m", "read -P 0 1k 2k");
        io("m", "read -P 0x44 3k 5k");
        assertEquals("read 2048/2048 bytes at offset 1024\nread 5120/5120 bytes at offset 3072\n", qmp.takeStdout());
    }

    @Test
    void nativeZeroWriteIsUsedWhenDeclared() {
        qmp.add("{'driver':'test-memory','node-name':'m','size':65536,'zero-write':true}");
        io("m", "write -z 1k 2k");
        assertEquals(List.of("zero 1024+2048"), log("m"));
    }

    @Test
    void discardIsANoOpWithoutSupportAndAlignedInwardWithIt() {
        qmp.add("{'driver':'test-memory','node-name':'m','size':65536}");
        io("m", "discard 0 4k");
        assertEquals(List.of(), log("m"));
        qmp.add("{'driver':'test-memory','node-name':'d','size':65536,'can-discard':true,'align':4096}");
        io("d", "discard 1000 10000");
        assertEquals(List.of("discard 4096+4096"), log("d"));
    }

    @Test
    void fuaBecomesAFlushForDriversWithoutIt() {
        qmp.add("{'driver':'test-memory','node-name':'m','size':65536}");
        io("m", "write -f 0 4k");
        assertEquals(List.of("write 0+4096", "flush"), log("m"));
        qmp.add("{'driver':'test-memory','node-name':'f','size':65536,'fua':true}");
        io("f", "write -f 0 4k");
        assertEquals(List.of("write 0+4096 fua"), log("f"));
    }
}
