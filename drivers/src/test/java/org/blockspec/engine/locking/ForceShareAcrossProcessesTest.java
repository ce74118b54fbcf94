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
 * The talk's slides 61 and 67 on force-share: a read-only user that QEMU refuses beside an
 * active writer gets in with {@code force-share=on} (qemu-img -U), because it then shares
 * everything; what it reads is unreliable, since the writer changes the image under it.
 */
@ExtendWith(QmpFixtureExtension.class)
class ForceShareAcrossProcessesTest {
    final QmpFixture writer;
    QmpFixture reader;
    String img;

    ForceShareAcrossProcessesTest(QmpFixture writer) {
        this.writer = writer;
    }

    @BeforeEach
    void setUp() throws IOException {
        img = writer.image("busy.img", 1 << 20);
        reader = new QmpFixture(writer.dir());
        rawDisk(writer, "disk", img, "", "");
        writer.deviceAdd("vda", "disk", false);
    }

    @AfterEach
    void tearDown() {
        reader.close();
    }

    @Test
    void aReadOnlyVmIsRefusedBesideAWriter() throws IOException {
        List<String> locks = ImageLocks.exact(img);
        rawDisk(reader, "disk", img, ",'read-only':true", "");
        // A guest device never shares write unless share-rw=on, even a read-only one.
        assertEquals("Failed to get shared \"write\" lock", reader.deviceAddError("vda", "disk", false));
        assertEquals(locks, ImageLocks.exact(img));
    }

    @Test
    void forceShareLetsItInAndItsViewChangesUnderIt() {
        rawDisk(reader, "disk", img, ",'read-only':true,'force-share':true", "");
        reader.deviceAdd("vda", "disk", false);
        assertEquals("holds: consistent read, write; does not share: write", ImageLocks.inWords(img),
                "the reader adds nothing anybody could see");
        assertTrue(patternFound(guestIo(reader, "vda", "read -P 0 0 4k")));
        guestIo(writer, "vda", "write -P 0x5a 0 4k");
        assertTrue(patternFound(guestIo(reader, "vda", "read -P 0x5a 0 4k")),
                "the reader's disk changed without the reader doing anything: why force-share is unsafe");
    }

    @Test
    void anImageFormatIsRefusedEvenReadOnlyUnlessForceShared() throws IOException {
        String q = writer.qcow2("busy.qcow2", 1 << 20);
        writer.add("{'driver':'qcow2','node-name':'q','file':{'driver':'file','filename':'%s'}}", q);
        writer.deviceAdd("vdb", "q", false);
        String graph = reader.graphSnapshot();
        List<String> locks = ImageLocks.exact(q);
        // A format never shares write on its file, even read-only: qemu-img info's refusal.
        assertEquals("Failed to get shared \"write\" lock", reader.addError("{'driver':'qcow2','node-name':'c',"
                + "'read-only':true,'file':{'driver':'file','filename':'%s'}}", q));
        assertEquals(graph, reader.graphSnapshot());
        assertEquals(locks, ImageLocks.exact(q));
        reader.add("{'driver':'qcow2','node-name':'c','read-only':true,'force-share':true,"
                + "'file':{'driver':'file','filename':'%s'}}", q);
    }

    @Test
    void forceShareNeedsReadOnly() throws IOException {
        List<String> locks = ImageLocks.exact(img);
        assertEquals("force-share=on can only be used with read-only images", reader.addError(
                "{'driver':'raw','node-name':'disk','force-share':true,'file':{'driver':'file','filename':'%s'}}", img));
        assertEquals(locks, ImageLocks.exact(img));
    }
}
