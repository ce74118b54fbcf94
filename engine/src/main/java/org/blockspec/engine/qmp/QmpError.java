package org.blockspec.engine.qmp;

/**
 * A QMP error reply: QEMU's error class and description. Thrown by command handlers and
 * turned into {@code {"error": {"class", "desc"}}} by the dispatcher; it never escapes a
 * monitor.
 */
public final class QmpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String GENERIC = "GenericError";
    public static final String COMMAND_NOT_FOUND = "CommandNotFound";
    public static final String DEVICE_NOT_FOUND = "DeviceNotFound";
    public static final String DEVICE_NOT_ACTIVE = "DeviceNotActive";

    private final String errorClass;

    public QmpError(String errorClass, String desc) {
        super(desc, null, false, false);
        this.errorClass = errorClass;
    }

    public static QmpError generic(String desc) {
        return new QmpError(GENERIC, desc);
    }

    public String errorClass() { return errorClass; }

    public String desc() { return getMessage(); }
}
