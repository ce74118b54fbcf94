package org.blockspec.dsl.cli;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.blockspec.engine.graph.NodeNames;
import org.blockspec.engine.qmp.schema.QapiInput;

/**
 * A {@code --chardev} value in QemuOpts syntax ({@code socket,id=m,path=P,server=on,wait=off}
 * or {@code stdio,id=m}), checked with QEMU's messages. Only listening sockets and stdio
 * are served; other QEMU backends are named as unsupported.
 */
record ChardevOptions(String id, String backend, SocketAddress address, boolean server, boolean waitForClient) {
    private static final Set<String> SOCKET_KEYS = Set.of("id", "path", "host", "port", "server", "wait", "ipv4",
            "ipv6", "to", "nodelay", "telnet", "tn3270", "websocket", "reconnect", "abstract", "tight", "logfile",
            "logappend", "mux", "fd");
    private static final Set<String> QEMU_BACKENDS = Set.of("null", "socket", "udp", "msmouse", "wctablet", "memory",
            "ringbuf", "file", "pipe", "pty", "stdio", "serial", "tty", "parallel", "parport", "spicevmc", "spiceport",
            "qemu-vdagent", "dbus", "braille", "testdev", "vc", "mux");

    static ChardevOptions parse(String text) throws DaemonArgs.Invalid {
        Map<String, String> opts = new LinkedHashMap<>();
        String[] items = text.split(",", -1);
        String backend = items[0].contains("=") ? null : items[0];
        for (int i = backend == null ? 0 : 1; i < items.length; i++) {
            String item = items[i];
            int eq = item.indexOf('=');
            if (eq < 0) opts.put(item, "on"); // QemuOpts' short-form boolean
            else opts.put(item.substring(0, eq), item.substring(eq + 1));
        }
        if (backend == null) backend = opts.remove("backend");
        if (backend == null) throw new DaemonArgs.Invalid("chardev: \"backend\" not specified");
        String id = opts.get("id");
        if (!QEMU_BACKENDS.contains(backend)) throw new DaemonArgs.Invalid("'" + backend + "' is not a valid char driver name");
        if (id == null) throw new DaemonArgs.Invalid("chardev: no id specified");
        if (!NodeNames.wellFormed(id)) {
            throw new DaemonArgs.Invalid("Parameter 'id' expects an identifier\n"
                    + "Identifiers consist of letters, digits, '-', '.', '_', starting with a letter.");
        }
        switch (backend) {
            case "stdio" -> {
                for (String k : opts.keySet()) {
                    if (!k.equals("id") && !k.equals("signal")) throw new DaemonArgs.Invalid("Invalid parameter '" + k + "'");
                }
                return new ChardevOptions(id, backend, null, false, false);
            }
            case "socket" -> {
                for (String k : opts.keySet()) {
                    if (!SOCKET_KEYS.contains(k)) throw new DaemonArgs.Invalid("Invalid parameter '" + k + "'");
                }
                boolean server = bool(opts, "server", false);
                boolean wait = bool(opts, "wait", true);
                SocketAddress address;
                if (opts.containsKey("path")) {
                    address = UnixDomainSocketAddress.of(opts.get("path"));
                } else if (opts.containsKey("host")) {
                    String port = opts.get("port");
                    if (port == null) throw new DaemonArgs.Invalid("chardev: socket: no port given");
                    try {
                        address = new InetSocketAddress(opts.get("host"), Integer.parseInt(port));
                    } catch (IllegalArgumentException e) {
                        throw new DaemonArgs.Invalid("error parsing port '" + port + "'");
                    }
                } else {
                    throw new DaemonArgs.Invalid("Unable to parse FD number " + opts.getOrDefault("fd", ""));
                }
                if (!server) throw new DaemonArgs.Invalid("client-mode socket chardevs (server=off) are not supported by blockspec");
                return new ChardevOptions(id, backend, address, true, wait);
            }
            default -> throw new DaemonArgs.Invalid("chardev backend '" + backend + "' is not supported by blockspec");
        }
    }

    private static boolean bool(Map<String, String> opts, String key, boolean dflt) throws DaemonArgs.Invalid {
        String v = opts.get(key);
        if (v == null) return dflt;
        Boolean b = QapiInput.parseOnOff(v);
        if (b == null) throw new DaemonArgs.Invalid("Parameter '" + key + "' expects 'on' or 'off'");
        return b;
    }
}
