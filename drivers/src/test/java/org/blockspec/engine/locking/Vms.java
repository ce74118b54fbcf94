package org.blockspec.engine.locking;

import org.blockspec.engine.testing.QmpFixture;

/**
 * Shortcuts for tests in which each engine plays one VM, i.e. one QEMU process: a raw disk
 * over an image file, and guest I/O through a device.
 */
final class Vms {
    private Vms() {
    }

    /** A raw node {@code node} over image {@code img}; {@code rawExtra} and {@code fileExtra} add options. */
    static void rawDisk(QmpFixture vm, String node, String img, String rawExtra, String fileExtra) {
        vm.add("{'driver':'raw','node-name':'%s'%s,'file':{'driver':'file','filename':'%s'%s}}",
                node, rawExtra, img, fileExtra);
    }

    /** A qemu-io command as the guest behind {@code device} would do it; returns what it printed. */
    static String guestIo(QmpFixture vm, String device, String command) {
        String reply = vm.hmp("qemu-io -d " + device + "/virtio-backend \"" + command + "\"");
        return reply + vm.takeStdout();
    }

    /** Whether a {@code read -P} printed by {@link #guestIo} found its pattern. */
    static boolean patternFound(String output) {
        return output.startsWith("read ") && !output.contains("Pattern verification failed");
    }
}
