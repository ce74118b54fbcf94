package org.blockspec.dsl.cli;

import org.blockspec.engine.Engine;

/** What {@code blockspec daemon --help} and {@code --version} print, in qemu-storage-daemon's layout. */
final class DaemonHelp {
    private DaemonHelp() {
    }

    static final String TEXT = """
            Usage: blockspec daemon [options]
            blockspec storage daemon (qemu-storage-daemon's command line)

              -h, --help             display this help and exit
              -V, --version          output version information and exit

              --blockdev [driver=]<driver>[,node-name=<N>][,discard=ignore|unmap]
                         [,cache.direct=on|off][,cache.no-flush=on|off]
                         [,read-only=on|off][,auto-read-only=on|off]
                         [,force-share=on|off][,detect-zeroes=on|off|unmap]
                         [,driver specific parameters...]
                                     configure a block backend

              --chardev socket,id=<id>,path=<path>,server=on[,wait=on|off]
              --chardev socket,id=<id>,host=<host>,port=<port>,server=on[,wait=on|off]
              --chardev stdio,id=<id>
                                     configure a character device backend

              --export [type=]nbd,id=<id>,node-name=<node-name>[,name=<export-name>]
                       [,writable=on|off][,description=<text>]
                                     export the specified block node over NBD
                                     (requires --nbd-server)

              --monitor [chardev=]name[,mode=control]
                                     configure a QMP monitor

              --nbd-server addr.type=inet,addr.host=<host>,addr.port=<port>
                           [,max-connections=<n>]
              --nbd-server addr.type=unix,addr.path=<path>[,max-connections=<n>]
                                     start an NBD server for exporting block nodes

              --object <type>[,<property>=<value>...]
                                     create a new object of type <type>

              --pidfile <path>       write process ID to a file after startup

            Options take effect in the order given; the daemon runs until a monitor sends quit.
            """;

    static String version() {
        return "blockspec daemon version " + Engine.QEMU_MAJOR + "." + Engine.QEMU_MINOR + "." + Engine.QEMU_MICRO
                + " (" + Engine.PACKAGE + ")\n";
    }
}
