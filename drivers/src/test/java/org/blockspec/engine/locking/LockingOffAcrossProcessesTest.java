package org.blockspec.engine.locking;

import static org.blockspec.engine.locking.Vms.guestIo;
import static org.blockspec.engine.locking.Vms.patternFound;
import static org.blockspec.engine.locking.Vms.rawDisk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.blockspec.engine.testing.ImageLocks;
import org.blockspec.engine.testing.QmpFixture;
import org.blockspec.engine.testing.QmpFixtureExtension;

/**
 * The talk's slides 61 and 67 on {@code locking=off} ("want to do something evil?"): a file
 * node without locking neither tests the others' locks nor publishes its own, so two
 * writers that share nothing both get in and overwrite each other.
 */
@ExtendWith(QmpFixtureExtension.class)
class LockingOffAcrossProcessesTest {
    final QmpFixture vm1;
    QmpFixture vm2;
    String img;

    LockingOffAcrossProcessesTest(QmpFixture vm1) {
        this.vm1 = vm1;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = vm1.image("evil.img", 1 << 20);
        vm2 = new QmpFixture(vm1.dir());
    }

    @AfterEach
    void tearDown() {
        vm2.close();
    }

    @Test
    void lockingOffIgnoresTheOtherVmsLocksAndBothWrite() {
        rawDisk(vm1, "disk", img, "", "");
        vm1.deviceAdd("vda", "disk", false);
        rawDisk(vm2, "disk", img, "", ",'locking':'off'");
        vm2.deviceAdd("vda", "disk", false);
        guestIo(vm1, "vda", "write -P 0x11 0 4k");
        guestIo(vm2, "vda", "write -P 0x22 0 4k");
        assertTrue(patternFound(guestIo(vm1, "vda", "read -P 0x22 0 4k")), "vm1's data was overwritten by vm2");
    }

    @Test
    void lockingOffPublishesNothingSoOthersCannotSeeTheWriter() {
        rawDisk(vm1, "disk", img, "", ",'locking':'off'");
        vm1.deviceAdd("vda", "disk", false);
        assertEquals("holds: nothing; does not share: nothing", ImageLocks.inWords(img));
        rawDisk(vm2, "disk", img, "", "");
        vm2.deviceAdd("vda", "disk", false);
        assertEquals("holds: consistent read, write; does not share: write", ImageLocks.inWords(img));
    }
}
