package org.blockspec.dsl.differential;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Lets other test packages connect the way the differential peers do. */
public final class QmpPeerAccess {
    private QmpPeerAccess() {
    }

    public static SocketChannel connect(Path sock, long deadline) throws IOException, InterruptedException {
        return QmpPeer.connect(sock, deadline);
    }
}
