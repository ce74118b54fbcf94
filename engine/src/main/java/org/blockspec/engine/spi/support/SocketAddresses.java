package org.blockspec.engine.spi.support;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.blockspec.engine.spi.BlockException;
import org.blockspec.engine.spi.OptionField;
import org.blockspec.engine.spi.OptionType;
import org.blockspec.engine.spi.OptionValues;

/**
 * QAPI's SocketAddress (flat: {@code {type: unix, path}}) and SocketAddressLegacy (the older
 * {@code {type: unix, data: {path}}} of nbd-server-start), and their translation to Java
 * socket addresses. vsock and fd addresses validate but cannot be opened from Java.
 */
public final class SocketAddresses {
    private static final List<OptionField> INET = List.of(
            OptionField.required("host", OptionType.STR),
            OptionField.required("port", OptionType.STR),
            OptionField.optional("numeric", OptionType.BOOL),
            OptionField.optional("to", OptionType.INT),
            OptionField.optional("ipv4", OptionType.BOOL),
            OptionField.optional("ipv6", OptionType.BOOL),
            OptionField.optional("keep-alive", OptionType.BOOL),
            OptionField.optional("mptcp", OptionType.BOOL));
    private static final List<OptionField> UNIX = List.of(
            OptionField.required("path", OptionType.STR),
            OptionField.optional("abstract", OptionType.BOOL),
            OptionField.optional("tight", OptionType.BOOL));
    private static final List<OptionField> VSOCK = List.of(
            OptionField.required("cid", OptionType.STR),
            OptionField.required("port", OptionType.STR));
    private static final List<OptionField> FD = List.of(OptionField.required("str", OptionType.STR));

    private static final OptionType TYPE = OptionType.enumOf("SocketAddressType", "inet", "unix", "vsock", "fd");

    /** SocketAddress, the flat union. */
    public static final OptionType.Union FLAT = new OptionType.Union("SocketAddress",
            List.of(OptionField.required("type", TYPE)), "type", variants(INET, UNIX, VSOCK, FD));

    /** SocketAddressLegacy: each variant wrapped in {@code data}. */
    public static final OptionType.Union LEGACY = new OptionType.Union("SocketAddressLegacy",
            List.of(OptionField.required("type", TYPE)), "type", variants(wrapped("InetSocketAddress", INET),
                    wrapped("UnixSocketAddress", UNIX), wrapped("VsockSocketAddress", VSOCK), wrapped("String", FD)));

    private SocketAddresses() {
    }

    private static Map<String, List<OptionField>> variants(List<OptionField> inet, List<OptionField> unix,
                                                           List<OptionField> vsock, List<OptionField> fd) {
        Map<String, List<OptionField>> m = new LinkedHashMap<>();
        m.put("inet", inet);
        m.put("unix", unix);
        m.put("vsock", vsock);
        m.put("fd", fd);
        return m;
    }

    private static List<OptionField> wrapped(String typeName, List<OptionField> fields) {
        return List.of(OptionField.required("data", new OptionType.Struct(typeName + "Wrapper", fields)));
    }

    /** A validated legacy address as the flat form (the data members lifted up). */
    public static OptionValues flatten(OptionValues legacy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", legacy.string("type"));
        m.putAll(legacy.struct("data").toMap());
        return new OptionValues(m);
    }

    /** A validated flat address as a Java address; abstract unix sockets, vsock and fd are refused. */
    public static SocketAddress toJava(OptionValues a) throws BlockException {
        return switch (a.string("type")) {
            case "unix" -> {
                if (a.bool("abstract", false)) throw new BlockException("Abstract unix sockets are not supported by blockspec");
                yield UnixDomainSocketAddress.of(a.string("path"));
            }
            case "inet" -> {
                int port;
                try {
                    port = Integer.parseInt(a.string("port"));
                } catch (NumberFormatException e) {
                    throw new BlockException("error parsing port '" + a.string("port") + "'");
                }
                if (port < 0 || port > 65535) throw new BlockException("Port '" + a.string("port") + "' out of range");
                yield new InetSocketAddress(a.string("host"), port);
            }
            default -> throw new BlockException(a.string("type") + " sockets are not supported by blockspec");
        };
    }

    /** How QEMU names an address in connect and bind errors: the path, or host:port. */
    public static String describe(OptionValues a) {
        return switch (a.string("type")) {
            case "unix" -> a.string("path");
            case "inet" -> a.string("host") + ":" + a.string("port");
            case "vsock" -> a.string("cid") + ":" + a.string("port");
            default -> a.string("str");
        };
    }
}
