package org.blockspec.engine.locking;

import static org.blockspec.engine.locking.Vms.guestIo;
import static org.blockspec.engine.locking.Vms.patternFound;
import static org.blockspec.engine.locking.Vms.rawDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.ImageLocks;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * The talk's slides 60-61, "what share-rw fixes": image locks carry the permission system
 * across processes, so two VMs (two engines here, two QEMUs in life) that open one image
 * refuse each other exactly as two devices in one VM would, and {@code share-rw=on} on
 * every writer is what lets a cluster file system's VMs share a disk. Each refusal leaves
 * the image's locks as they were.
 */
@ExtendWith(QmpFixtureExtension.class)
class ShareRwAcrossProcessesTest {
    final QmpFixture vm1;
    QmpFixture vm2;
    String img;

    ShareRwAcrossProcessesTest(QmpFixture vm1) {
        this.vm1 = vm1;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = vm1.image("shared.img", 1 << 20);
        vm2 = new QmpFixture(vm1.dir());
        rawDisk(vm1, "disk", img, "", "");
        rawDisk(vm2, "disk", img, "", "");
    }

    @AfterEach
    void tearDown() {
        vm2.close();
    }

    @Test
    void aSecondVmCannotWriteWhileTheFirstDoesNotShareWrite() throws IOException {
        vm1.deviceAdd("vda", "disk", false);
        List<String> locks = ImageLocks.exact(img);
        assertEquals("Failed to get \"write\" lock", vm2.deviceAddError("vda", "disk", false));
        assertEquals("Failed to get \"write\" lock", vm2.deviceAddError("vda", "disk", true),
                "share-rw on the newcomer alone does not help: vm1 still refuses to share");
        assertEquals(locks, ImageLocks.exact(img));
    }

    @Test
    void aWriterThatWouldNotShareCannotJoinOneThatWrites() throws IOException {
        vm1.deviceAdd("vda", "disk", true);
        List<String> locks = ImageLocks.exact(img);
        assertEquals("Failed to get shared \"write\" lock", vm2.deviceAddError("vda", "disk", false));
        assertEquals(locks, ImageLocks.exact(img));
    }

    @Test
    void withShareRwOnBothVmsWriteOneImage() {
        vm1.deviceAdd("vda", "disk", true);
        vm2.deviceAdd("vda", "disk", true);
        assertEquals("holds: consistent read, write; does not share: nothing", ImageLocks.inWords(img));
        guestIo(vm1, "vda", "write -P 0x11 0 4k");
        assertTrue(patternFound(guestIo(vm2, "vda", "read -P 0x11 0 4k")));
    }

    @Test
    void twoNodesOfOneVmOnOneImageRefuseEachOtherLikeTwoVms() throws IOException {
        vm1.deviceAdd("vda", "disk", false);
        rawDisk(vm1, "disk2", img, "", "");
        List<String> locks = ImageLocks.exact(img);
        // Recorded from qemu-system-x86_64 7.2: the same two blockdev-adds and devices.
        assertEquals("Failed to get \"write\" lock", vm1.deviceAddError("vdb", "disk2", true));
        assertEquals(locks, ImageLocks.exact(img));
    }
}
